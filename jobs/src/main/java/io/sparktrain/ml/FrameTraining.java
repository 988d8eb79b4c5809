package io.sparktrain.ml;

import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.model.OptimizerRules;
import io.sparktrain.runs.CodeVersion;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.TrainingException;
import io.sparktrain.spec.TrainingSpec;
import io.sparktrain.train.EngineOptions;
import io.sparktrain.train.EpochResult;
import io.sparktrain.train.Engines;
import io.sparktrain.train.Networks;
import io.sparktrain.train.Target;
import io.sparktrain.train.TrainingEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Model;

/**
 * Trains a network, a stack or a graph, on a DataFrame's examples through the engine the spec
 * names, from the network {@code sparktrain train} would start from.
 */
final class FrameTraining {

  private FrameTraining() {}

  /**
   * Trains {@code job.training().epochs()} epochs.
   *
   * @throws TrainingException if the loss becomes NaN or infinite
   */
  static FittedNetwork fit(SparkSession spark, JobSpec job, InputShape shape, FrameExamples data) {
    TrainingSpec training = job.training();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Model network = NetworkFactory.network(job.model(), job.optimizer(), training.seed(), shape);
    OptimizerRules.install(network, job.optimizer());
    EngineOptions options = new EngineOptions(training.batchSize(),
        training.averagingFrequency(), Target.classes(data.numClasses()), training.seed(), true);
    List<Double> losses = new ArrayList<>();
    List<Double> samplesPerSecond = new ArrayList<>();
    Instant started = Instant.now();
    Model trained;
    try (TrainingEngine engine = Engines.create(training.engine(), sc, data.examples(), network,
        options)) {
      for (int epoch = 0; epoch < training.epochs(); epoch++) {
        EpochResult result = engine.trainEpoch(epoch, (e, round, rounds, done, loss, s) -> { });
        if (!Double.isFinite(result.meanLoss())) {
          throw new TrainingException("epoch " + (epoch + 1) + ": the training loss became "
              + result.meanLoss() + "; lower the learning rate");
        }
        losses.add(result.meanLoss());
        samplesPerSecond.add(result.samplesPerSecond());
      }
      trained = Networks.copy(engine.network());
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("job", job.name());
    provenance.put("codeVersion", CodeVersion.current());
    provenance.put("seed", training.seed());
    provenance.put("engine", training.engine().name().toLowerCase().replace('_', '-'));
    provenance.put("sparkMaster", sc.master());
    provenance.put("sparkVersion", sc.version());
    provenance.put("trainExamples", data.count());
    provenance.put("numFeatures", data.numFeatures());
    provenance.put("numClasses", data.numClasses());
    provenance.put("startedAt", started.toString());
    provenance.put("finishedAt", Instant.now().toString());
    provenance.put("trainLoss", losses);
    provenance.put("samplesPerSecond", samplesPerSecond);
    return new FittedNetwork(trained, data.numFeatures(), data.numClasses(), provenance);
  }
}
