package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.LabeledData;
import io.sparktrain.data.LabeledDataLoader;
import io.sparktrain.report.Charts;
import io.sparktrain.runs.NetworkZips;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.spec.TrainingException;
import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.Evaluator;
import io.sparktrain.train.SparkTestSession;
import io.sparktrain.train.TrainingObserver;
import io.sparktrain.train.worker.EpochPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
    com.fasterxml.jackson.databind.JsonNode stop = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(result.run().readText(RunDirectory.RUN).orElseThrow()).get("stop");
    assertEquals(epochs.size(), stop.get("epoch").asInt(), "run.json says where: " + stop);
    assertEquals(best.epoch(), stop.get("bestEpoch").asInt());
    assertEquals("validation-loss", stop.get("monitor").asText());
    assertEquals(epochs.get(epochs.size() - 1).validationLoss(), stop.get("value").asDouble(),
        1e-9);
    assertTrue(stop.get("reason").asText().contains("validation loss has not improved by more "
        + "than 0.01 for 2 epochs"), stop.toString());
    Path chart = runs.resolve("loss-copy.png");
    assertTrue(result.run().copyOut("loss.png", chart));
    assertArrayEquals(Charts.png(Charts.loss(epochs), "loss.png"), Files.readAllBytes(chart),
        "the loss chart runs to the epoch that stopped");

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
  void killedEarlyStoppingRunResumesToTheSameStopAndModel() throws Exception {
    JobSpec spec = spec(0.05, 40, """
          earlyStopping: {monitor: validation-loss, minDelta: 0.01, patience: 2}
          reduceOnPlateau: {monitor: validation-loss, factor: 0.5, patience: 1, threshold: 0.02}
        """);
    TrainResult whole = run(spec);
    int stoppedAt = whole.epochs().size();
    Path interrupted = runs.resolve("interrupted");

    // Killed one epoch before the stop: the patience counter and rate are in the checkpoint.
    assertThrows(IllegalStateException.class,
        () -> job(new ResumeTest.CrashAfterEpoch(stoppedAt - 1)).run(spec, interrupted.toString()));
    TrainResult resumed = job().run(spec, interrupted.toString());

    assertEquals(stoppedAt, resumed.epochs().size());
    assertEquals(whole.epochs().stream().map(EpochMetrics::learningRate).toList(),
        resumed.epochs().stream().map(EpochMetrics::learningRate).toList());
    assertEquals(whole.test().accuracy(), resumed.test().accuracy(), 0.0);
    assertEquals(whole.test().meanLoss(), resumed.test().meanLoss(), 1e-9);
  }

  @Test
  void batchGrowsAtTheStatedEpochsAndTheStepCountFollowsTheExamples() {
    JobSpec spec = spec(0.05, 6, """
          batchSchedule: {factor: 2, epochs: [3, 5], maxBatchSize: 12}
          linearScaling: {referenceBatch: 16}
        """, 4);
    TrainResult result = run(spec);

    List<EpochMetrics> epochs = result.epochs();
    assertEquals(List.of(4, 4, 8, 8, 12, 12),
        epochs.stream().map(EpochMetrics::batchSize).toList());
    LabeledData data = LabeledDataLoader.load(sc, spec.data(), 2, DataCache.fromEnvironment());
    long largest = Arrays.stream(EpochPlan.shardSizes(data.train())).max().orElseThrow();
    long steps = 0;
    for (EpochMetrics m : epochs) {
      // Every worker steps through its shard once per epoch: the largest shard sets the count.
      steps += (largest + m.batchSize() - 1) / m.batchSize();
      assertEquals(steps, m.iteration(), "global iteration after epoch " + m.epoch());
    }
    // 2 workers x 4 examples against 16: half the spec's rate, kept while the batch grows.
    epochs.forEach(m -> assertEquals(0.025, m.learningRate(), 1e-12));
  }

  @Test
  void summedGradientAtEtaTrainsAsTheAverageAtEtaTimesTheBatch() throws Exception {
    // Whole batches only (lastBatch: drop), so every step has exactly 4 examples on each worker.
    TrainResult summed = run(spec(0.01, 3, """
          gradient: summed
          lastBatch: drop
        """, 4));
    TrainResult averaged = run(spec(0.04, 3, """
          lastBatch: drop
        """, 4));

    float[] a = params(summed);
    float[] b = params(averaged);
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 1e-5, "parameter " + i);
    }
    assertEquals(averaged.epochs().get(2).iteration(), summed.epochs().get(2).iteration());
  }

  @Test
  void fullBatchTakesOneStepPerEpochOverEveryExample() {
    TrainResult result = run(spec(0.5, 3, """
          gradientDescent: full-batch
        """));

    assertEquals(List.of(1L, 2L, 3L),
        result.epochs().stream().map(EpochMetrics::iteration).toList());
    assertEquals(92, result.epochs().get(0).batchSize(), "iris's 92 training examples");
  }

  @Test
  void backstitchReachesTheReplicasAndStillLearns() throws Exception {
    assertBackstitched(spec(0.05, 4, ""), spec(0.05, 4, BACKSTITCH));
  }

  /** The same for a residual graph: its replicas take the backstitch steps in the engine. */
  @Test
  void backstitchStepsAGraphsReplicasToo() throws Exception {
    assertBackstitched(graphSpec(""), graphSpec(BACKSTITCH));
  }

  private static final String BACKSTITCH = """
        backstitch: {alpha: 0.3, every: 1}
      """;

  private void assertBackstitched(JobSpec plainSpec, JobSpec stitchedSpec) throws Exception {
    float[] a = params(run(plainSpec));
    // The control: the same spec trains to the same bits, so a difference is the backstitch's.
    assertArrayEquals(a, params(run(plainSpec)), plainSpec.name() + " is not reproducible");
    TrainResult stitched = run(stitchedSpec);
    float[] b = params(stitched);
    double moved = 0;
    for (int i = 0; i < a.length; i++) {
      moved = Math.max(moved, Math.abs(a[i] - b[i]));
    }
    assertTrue(moved > 1e-3, stitchedSpec.name() + ": the replicas trained without the "
        + "backstitch steps: " + moved);
    assertTrue(stitched.epochs().get(3).validationAccuracy() >= 0.6,
        "iris validation accuracy " + stitched.epochs().get(3).validationAccuracy());
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

  private float[] params(TrainResult result) throws Exception {
    Path local = runs.resolve(result.run().runId() + ".zip");
    assertTrue(result.run().copyOut(RunDirectory.MODEL, local));
    return NetworkZips.read(local.toFile(), false).params().toFloatVector();
  }

  private TrainResult run(JobSpec spec) {
    return job().run(spec, runs.toString());
  }

  private TrainJob job(TrainingObserver... extra) {
    return new TrainJob(sc, DataCache.fromEnvironment(),
        new PrintStream(console, true, StandardCharsets.UTF_8), List.of(extra));
  }

  private String text() {
    return console.toString(StandardCharsets.UTF_8);
  }

  /** A small MLP on iris, plain SGD at {@code rate}, two workers on engine v2. */
  private static JobSpec spec(double rate, int epochs, String rules) {
    return spec(rate, epochs, rules, 8);
  }

  private static JobSpec spec(double rate, int epochs, String rules, int batchSize) {
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
          batchSize: %d
          workers: 2
          averagingFrequency: 2
          seed: 7
        %s""".formatted(rate, epochs, batchSize, rules), "test");
  }

  /** The MLP's spec with a residual graph for its model: dense, dense, their sum, softmax. */
  private static JobSpec graphSpec(String rules) {
    JobSpec stack = spec(0.05, 4, rules);
    JobSpec graph = SpecReader.parse("""
        name: rules-graph
        data: {source: iris, validationFraction: 0.2, testFraction: 0.2, scaling: standardize}
        model:
          graph:
            layers:
              - {name: a, type: dense, units: 8, activation: relu, inputs: [input]}
              - {name: b, type: dense, units: 8, activation: relu, inputs: [a]}
              - {name: sum, type: add, inputs: [a, b]}
              - {name: out, type: output, units: 3, inputs: [sum]}
            outputs: [out]
        """, "test");
    return new JobSpec(graph.name(), stack.data(), graph.model(), stack.optimizer(),
        stack.training(), stack.output());
  }
}
