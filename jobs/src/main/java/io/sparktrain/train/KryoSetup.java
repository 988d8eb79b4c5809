package io.sparktrain.train;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import io.sparktrain.data.Example;
import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.worker.EpochOutcome;
import io.sparktrain.train.worker.EpochPlan;
import io.sparktrain.train.worker.FailurePoint;
import io.sparktrain.train.worker.StageSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;

/**
 * Kryo for sparktrain's objects. Kryo 4, which Spark ships, cannot build its field serializer for a
 * Java record ("can't get field offset on a record class"), so the records that travel through
 * shuffles, caches, broadcasts and task results get serializers here: a compact one for
 * {@link Example}, of which there are millions, and Java serialization for the few large-grained
 * ones. ND4J's registrator is applied too, for INDArrays.
 */
public final class KryoSetup implements KryoRegistrator {

  /** Sets Kryo with this registrator on {@code conf} unless a serializer is chosen already. */
  public static SparkConf apply(SparkConf conf) {
    if (!conf.contains("spark.serializer")) {
      conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
      conf.set("spark.kryo.registrator", KryoSetup.class.getName());
    }
    return conf;
  }

  @Override
  public void registerClasses(Kryo kryo) {
    new Nd4jRegistrator().registerClasses(kryo);
    kryo.register(Example.class, new ExampleSerializer());
    JavaSerializer java = new JavaSerializer();
    kryo.register(GlobalState.class, java);
    kryo.register(EvalResult.class, java);
    kryo.register(EpochPlan.class, java);
    kryo.register(StageSettings.class, java);
    kryo.register(EpochOutcome.class, java);
    kryo.register(FailurePoint.class, java);
  }

  /** index, label, feature count, features, target count (0: none), targets. */
  static final class ExampleSerializer extends Serializer<Example> {
    @Override
    public void write(Kryo kryo, Output out, Example e) {
      out.writeLong(e.index());
      out.writeInt(e.label(), true);
      out.writeInt(e.features().length, true);
      out.writeFloats(e.features());
      float[] targets = e.targets();
      out.writeInt(targets == null ? 0 : targets.length + 1, true);
      if (targets != null) {
        out.writeFloats(targets);
      }
    }

    @Override
    public Example read(Kryo kryo, Input in, Class<Example> type) {
      long index = in.readLong();
      int label = in.readInt(true);
      float[] features = in.readFloats(in.readInt(true));
      int targets = in.readInt(true);
      return new Example(index, features, label,
          targets == 0 ? null : in.readFloats(targets - 1));
    }
  }
}
