package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.LabeledData;
import io.sparktrain.data.LabeledDataLoader;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.spec.TrainingException;
import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.Evaluator;
import io.sparktrain.train.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules between epochs through engine v2 on two workers, on iris: ReduceLROnPlateau lowers
 * the rate exactly when the logged scores say it should, early stopping ends the run with the
 * best epoch's model, and a diverging rate is rolled back until the rollbacks run out.
 */
class EpochRulesRunTest {

  private static JavaSparkContext sc;

  @TempDir Path runs;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("EpochRulesRunTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void plateauLowersTheRateWhereTheValidationAccuracyStalls() {
    TrainResult result = run(spec(0.02, 14, """
          reduceOnPlateau: {monitor: validation-accuracy, factor: 0.5, patience: 2}
        """));

    List<EpochMetrics> epochs = result.epochs();
    // Replays Keras's counting on the logged accuracies: a drop exactly where it is due.
    double best = Double.NaN;
    int bad = 0;
    double rate = 0.02;
    int drops = 0;
    for (EpochMetrics m : epochs) {
      if (Double.isNaN(best) || m.validationAccuracy() > best * (1 + 1e-4)) {
        best = m.validationAccuracy();
        bad = 0;
      } else if (++bad >= 2) {
        rate *= 0.5;
        bad = 0;
        drops++;
      }
      assertEquals(rate, m.learningRate(), 1e-12, "rate after epoch " + m.epoch());
    }
    assertTrue(drops >= 1, "iris's validation accuracy stalls within 14 epochs: " + epochs);
    assertTrue(text().contains("validation accuracy has not improved for 2 epochs: learning "
        + "rate 0.0200 -> 0.0100"), text());
  }

  @Test
  void earlyStoppingEndsTheRunWithTheBestEpochsModel() throws Exception {
    JobSpec spec = spec(0.05, 40, """
          earlyStopping: {monitor: validation-loss, minDelta: 0.01, patience: 2}
        """);
    TrainResult result = run(spec);

    List<EpochMetrics> epochs = result.epochs();
    assertTrue(epochs.size() < 40, "stopped before its 40 epochs: " + epochs.size());
    EpochMetrics best = epochs.get(0);
    for (EpochMetrics m : epochs) {
      if (m.validationLoss() < best.validationLoss() - 0.01) {
        best = m;
      }
    }
    assertEquals(epochs.size(), best.epoch() + 2, "two epochs without improvement after the best");
    assertTrue(text().contains("early stopping after epoch " + epochs.size() + " of 40"), text());

    Path local = runs.resolve("model-copy.zip");
    assertTrue(result.run().copyOut(RunDirectory.MODEL, local));
    MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(local.toFile(), false);
    LabeledData data = LabeledDataLoader.load(sc, spec.data(), 2, DataCache.fromEnvironment());
    try (Evaluator evaluator = new Evaluator(sc, data.numClasses())) {
      assertEquals(best.validationAccuracy(),
          evaluator.evaluate(model, data.validation()).accuracy(), 1e-9,
          "model.zip is epoch " + best.epoch() + "'s, not the last");
      assertEquals(best.validationLoss(),
          evaluator.evaluate(model, data.validation()).meanLoss(), 1e-6);
    }
  }

  @Test
  void divergingRateIsRolledBackUntilTheRollbacksRunOut() {
    JobSpec spec = spec(1.0e6, 3, """
          onDivergence: rollback
          maxRollbacks: 2
        """);

    TrainingException e = assertThrows(TrainingException.class, () -> run(spec));

    assertTrue(e.getMessage().contains("after 2 rollbacks"), e.getMessage());
    assertEquals(4, e.exitCode());
    assertTrue(text().contains("epoch 1 diverged: rolled back to the state after epoch 0, "
        + "learning rate now 5.00e+05 (rollback 1)"), text());
    assertTrue(text().contains("learning rate now 2.50e+05 (rollback 2)"), text());
  }

  private TrainResult run(JobSpec spec) {
    return new TrainJob(sc, DataCache.fromEnvironment(),
        new PrintStream(console, true, StandardCharsets.UTF_8)).run(spec, runs.toString());
  }

  private String text() {
    return console.toString(StandardCharsets.UTF_8);
  }

  /** A small MLP on iris, plain SGD at {@code rate}, two workers on engine v2. */
  private static JobSpec spec(double rate, int epochs, String rules) {
    return SpecReader.parse("""
        name: rules
        data: {source: iris, validationFraction: 0.2, testFraction: 0.2, scaling: standardize}
        model:
          layers:
            - {type: dense, units: 8, activation: relu}
            - {type: output, units: 3, activation: softmax, loss: mcxent}
        optimizer: {type: sgd, learningRate: %s}
        training:
          epochs: %d
          batchSize: 8
          workers: 2
          averagingFrequency: 2
          seed: 7
        %s""".formatted(rate, epochs, rules), "test");
  }
}
