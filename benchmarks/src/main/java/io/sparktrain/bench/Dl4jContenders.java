package io.sparktrain.bench;

import io.sparktrain.data.Example;
import io.sparktrain.train.EngineOptions;
import io.sparktrain.train.EpochResult;
import io.sparktrain.train.Evaluator;
import io.sparktrain.train.RoundListener;
import io.sparktrain.train.TrainingEngine;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import scala.Tuple2;

/** The DL4J candidates: one network in this JVM, or a distributed engine at local[2]. */
final class Dl4jContenders {

  private Dl4jContenders() {}

  /** How a distributed engine is made: sparktrain's, or DL4J's baseline. */
  @FunctionalInterface
  interface EngineFactory {
    TrainingEngine create(JavaSparkContext sc, JavaRDD<Example> train, MultiLayerNetwork initial,
        EngineOptions options);
  }

  /**
   * Plain DL4J on one thread, no Spark in the loop: the same examples, batch and optimizer, in the
   * order {@link BenchData#order} gives (PyTorch's rows use the same).
   */
  static Race.Contender singleMachine(BenchNetwork net, BenchData data, Evaluator evaluator) {
    MultiLayerNetwork network = net.build(data.data());
    return new Race.Contender() {
      @Override
      public Race.Lap train(int epoch) {
        int[] order = data.order(net.seed(), epoch);
        int batch = net.batchSize();
        long start = System.nanoTime();
        for (int from = 0; from < order.length; from += batch) {
          network.fit(data.shard().batch(order, from, Math.min(from + batch, order.length)));
        }
        return new Race.Lap(order.length, (System.nanoTime() - start) / 1e9);
      }

      @Override
      public double validationAccuracy() {
        return evaluator.evaluate(network, data.data().validation()).accuracy();
      }
    };
  }

  /** An engine over the distributed training split, one partition per worker. */
  static Race.Contender engine(EngineFactory factory, int frequency, BenchNetwork net,
      BenchData data, Evaluator evaluator) {
    return engine(factory, frequency, net, data, evaluator, data.data().train());
  }

  /**
   * sparktrain's engine with one worker over the whole training split: its per-core speed, timed
   * in the same race as PyTorch's single thread (issue 13's "single worker" acceptance).
   */
  static Race.Contender singleWorker(EngineFactory factory, BenchNetwork net, BenchData data,
      Evaluator evaluator) {
    // A barrier stage refuses a coalesced input (SPARK-24820); a sort into one partition is a
    // shuffle, which starts the stage afresh, and keeps the source's order.
    JavaRDD<Example> whole = data.data().train().mapToPair(e -> new Tuple2<>(e.index(), e))
        .repartitionAndSortWithinPartitions(new HashPartitioner(1)).values();
    return engine(factory, 1, net, data, evaluator, whole);
  }

  private static Race.Contender engine(EngineFactory factory, int frequency, BenchNetwork net,
      BenchData data, Evaluator evaluator, JavaRDD<Example> train) {
    EngineOptions options = new EngineOptions(net.batchSize(), frequency,
        data.data().numClasses(), net.seed(), true);
    TrainingEngine engine = factory.create(JavaSparkContext.fromSparkContext(train.context()),
        train, net.build(data.data()), options);
    // As a training job runs it (Trainer): an engine that can scores the validation split on its
    // workers after each epoch, and keeps them from one epoch to the next.
    engine.keepWorkers(evaluator.target(), List.of(data.data().validation()));
    return new Race.Contender() {
      private EpochResult last;

      @Override
      public Race.Lap train(int epoch) {
        last = engine.trainEpoch(epoch, RoundListener.NONE);
        return new Race.Lap(last.examples(), last.seconds());
      }

      @Override
      public double validationAccuracy() {
        return !last.scores().isEmpty() ? last.scores().get(0).accuracy()
            : evaluator.evaluate(engine.model(), data.data().validation()).accuracy();
      }

      @Override
      public void close() {
        engine.close();
      }
    };
  }
}
