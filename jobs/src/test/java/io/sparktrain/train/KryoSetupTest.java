package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparktrain.data.Example;
import io.sparktrain.train.replica.GlobalState;
import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.eval.Evaluation;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/** The records Kryo 4 cannot handle on its own survive a round trip with sparktrain's setup. */
class KryoSetupTest {

  private final SerializerInstance kryo =
      new KryoSerializer(KryoSetup.apply(new SparkConf(false))).newInstance();

  @Test
  void exampleRoundTrip() {
    Example e = new Example(123_456_789_012L, new float[] {0.5f, -1f, 255f}, 7);

    Example back = roundTrip(e);

    assertEquals(e.index(), back.index());
    assertEquals(e.label(), back.label());
    assertArrayEquals(e.features(), back.features());
  }

  @Test
  void globalStateAndEvalResultRoundTrip() {
    GlobalState state = new GlobalState(new float[] {1, 2}, new float[] {3}, 42);
    EvalResult eval = new EvalResult(new Evaluation(3), 1.5, 10);

    GlobalState stateBack = roundTrip(state);
    EvalResult evalBack = roundTrip(eval);

    assertArrayEquals(state.params(), stateBack.params());
    assertArrayEquals(state.updaterState(), stateBack.updaterState());
    assertEquals(42, stateBack.iteration());
    assertEquals(1.5, evalBack.lossSum());
    assertEquals(10, evalBack.examples());
  }

  @SuppressWarnings("unchecked")
  private <T> T roundTrip(T value) {
    ByteBuffer bytes = kryo.serialize(value, ClassTag$.MODULE$.<T>apply(value.getClass()));
    return (T) kryo.deserialize(bytes, ClassTag$.MODULE$.apply(value.getClass()));
  }
}
