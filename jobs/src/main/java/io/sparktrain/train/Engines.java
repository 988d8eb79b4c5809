package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.TrainingSpec;
import io.sparktrain.spec.YamlNames;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;

/**
 * The one place that turns a spec's {@code training.engine} into a {@link TrainingEngine}, so the
 * CLI's jobs and the spark.ml estimator train through exactly the same code.
 */
public final class Engines {

  private Engines() {}

  /**
   * Starts the engine {@code kind} on {@code shards} (one partition per worker).
   *
   * @param initial the network to start from, a stack or a graph; the engine trains a copy of its
   *     parameters
   * @throws SpecException for a graph on the dl4j baseline engine, which trains stacks only
   */
  public static TrainingEngine create(TrainingSpec.Engine kind, JavaSparkContext sc,
      JavaRDD<Example> shards, Model initial, EngineOptions options) {
    if (kind == TrainingSpec.Engine.DL4J_PARAMETER_AVERAGING && Networks.isGraph(initial)) {
      throw new SpecException("training", List.of("training.engine: " + YamlNames.of(kind)
          + " trains stacks of layers only, and model.graph is a graph; use sparktrain or "
          + YamlNames.of(TrainingSpec.Engine.SPARKTRAIN_ROUNDS)));
    }
    return switch (kind) {
      case SPARKTRAIN -> new BarrierEngine(sc, shards, initial, options);
      case SPARKTRAIN_ROUNDS -> new AveragingEngine(sc, shards, initial, options);
      case DL4J_PARAMETER_AVERAGING -> new Dl4jBaselineEngine(sc, shards,
          Networks.stack(initial), options);
    };
  }
}
