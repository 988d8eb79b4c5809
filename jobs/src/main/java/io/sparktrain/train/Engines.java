package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.spec.TrainingSpec;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The one place that turns a spec's {@code training.engine} into a {@link TrainingEngine}, so the
 * CLI's jobs and the spark.ml estimator train through exactly the same code.
 */
public final class Engines {

  private Engines() {}

  /**
   * Starts the engine {@code kind} on {@code shards} (one partition per worker).
   *
   * @param initial the network to start from; the engine trains a copy of its parameters
   */
  public static TrainingEngine create(TrainingSpec.Engine kind, JavaSparkContext sc,
      JavaRDD<Example> shards, MultiLayerNetwork initial, EngineOptions options) {
    return switch (kind) {
      case SPARKTRAIN -> new BarrierEngine(sc, shards, initial, options);
      case SPARKTRAIN_ROUNDS -> new AveragingEngine(sc, shards, initial, options);
      case DL4J_PARAMETER_AVERAGING -> new Dl4jBaselineEngine(sc, shards, initial, options);
    };
  }
}
