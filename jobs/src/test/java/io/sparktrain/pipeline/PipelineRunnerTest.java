package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.pipeline.PipelineRunner.Outcome;
import io.sparktrain.runs.JobLock;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.OutputException;
import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.SparkTestSession;
import io.sparktrain.train.TrainingObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stage type in one pipeline on the real 8x8 digits (digits 0-4 to 5-9): what each stage
 * writes, frozen layers bit-identical, a smaller exchange, and the re-run rules: skip, resume,
 * --from, --force, lock.
 */
class PipelineRunnerTest {

  private static final Map<String, Outcome> ALL_RAN = Map.of("pretrain", Outcome.RAN,
      "transfer", Outcome.RAN, "transfer-open", Outcome.RAN, "finetune", Outcome.RAN,
      "evaluate", Outcome.RAN, "features", Outcome.RAN, "export", Outcome.RAN);

  private static JavaSparkContext sc;

  @TempDir Path dir;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("PipelineRunnerTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void everyStageWritesItsOutputAndFrozenLayersStayBitIdentical() throws Exception {
    PipelineSpec spec = spec();
    PipelineRunner.Result result = runner().run(spec, runs(), null, false);
    assertEquals(ALL_RAN, result.outcomes());
    Path run = Path.of(java.net.URI.create(result.run().uri()));

    MultiLayerNetwork pretrain = model(run.resolve("pretrain"));
    MultiLayerNetwork transfer = model(run.resolve("transfer"));
    MultiLayerNetwork open = model(run.resolve("transfer-open"));
    assertArrayEquals(pretrain.getLayer(0).params().toFloatVector(),
        transfer.getLayer(0).params().toFloatVector(), 0f, "frozen: bit for bit");
    assertNotEquals(0, maxDifference(pretrain.getLayer(0).params().toFloatVector(),
        open.getLayer(0).params().toFloatVector()), "unfrozen, the same layer trains");
    long frozenBytes = number(run.resolve("transfer"), "bytesPerRound").longValue();
    long openBytes = number(run.resolve("transfer-open"), "bytesPerRound").longValue();
    // Layer 0 is 64x32 weights + 32 biases; Adam sends 3 floats per trainable parameter.
    assertEquals(openBytes - 3 * 4 * (64 * 32 + 32), frozenBytes);

    double finetuned = number(run.resolve("finetune"), "testAccuracy").doubleValue();
    assertEquals(finetuned, number(run.resolve("evaluate"), "testAccuracy").doubleValue(),
        "evaluate scores the same model on the same test split");
    assertTrue(finetuned > 0.8, "digits 5-9 are learnable: " + finetuned);
    long testExamples = number(run.resolve("evaluate"), "testExamples").longValue();
    long rows = SparkSession.builder().sparkContext(sc.sc()).getOrCreate().read()
        .parquet(run.resolve("features").resolve("features.parquet").toString()).count();
    assertEquals(testExamples, rows, "one feature row per test example");
    assertArrayEquals(Files.readAllBytes(run.resolve("finetune").resolve("model.zip")),
        Files.readAllBytes(dir.resolve("exported.zip")));

    List<?> comparison = new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(run.resolve("comparison.json").toFile(), List.class);
    assertEquals(7, comparison.size());
    assertTrue(Files.readString(run.resolve("summary.md")).contains("| finetune | finetune |"));
    Map<?, ?> finetuneRow = (Map<?, ?>) comparison.get(3);
    assertEquals(100 * (finetuned - number(run.resolve("transfer"), "testAccuracy").doubleValue()),
        ((Number) finetuneRow.get("accuracyGain")).doubleValue(), 1e-9, "points over baseline");
    assertTrue(Files.size(run.resolve("comparison.png")) > 1000);
  }

  @Test
  void reRunsSkipFinishedStagesAndFromAndForceRunAgain() {
    PipelineSpec spec = spec();
    PipelineRunner.Result first = runner().run(spec, runs(), null, false);

    PipelineRunner.Result again = runner().run(spec, runs(), null, false);
    assertEquals(first.run().runId(), again.run().runId());
    assertTrue(again.outcomes().values().stream().allMatch(o -> o == Outcome.SKIPPED),
        again.outcomes().toString());
    assertTrue(console.toString(StandardCharsets.UTF_8)
        .contains("stage pretrain: skipped, finished with the same spec and inputs"));
    assertEquals(first.comparison().stream().map(r -> r.get("testAccuracy")).toList(),
        again.comparison().stream().map(r -> r.get("testAccuracy")).toList());

    PipelineRunner.Result from = runner().run(spec, runs(), "finetune", false);
    assertNotEquals(first.run().runId(), from.run().runId());
    assertEquals(List.of(Outcome.REUSED, Outcome.REUSED, Outcome.REUSED, Outcome.RAN,
        Outcome.RAN, Outcome.RAN, Outcome.RAN), List.copyOf(from.outcomes().values()));

    PipelineRunner.Result forced = runner().run(spec, runs(), null, true);
    assertEquals(ALL_RAN, forced.outcomes());
    assertEquals(first.comparison().stream().map(r -> r.get("testAccuracy")).toList(),
        forced.comparison().stream().map(r -> r.get("testAccuracy")).toList(),
        "same seed, same results");
  }

  @Test
  void interruptedStageResumesToTheUninterruptedResult() {
    PipelineSpec spec = spec();
    PipelineRunner.Result whole = runner().run(spec, dir.resolve("whole").toString(), null, false);

    String runs = dir.resolve("interrupted").toString();
    PipelineRunner crashing = new PipelineRunner(sc, DataCache.fromEnvironment(), quiet(),
        new TrainJob(sc, DataCache.fromEnvironment(), quiet(), List.of(new CrashAfterEpoch(2))));
    assertThrows(IllegalStateException.class, () -> crashing.run(spec, runs, null, false));
    PipelineRunner.Result resumed = runner().run(spec, runs, null, false);

    assertEquals(Outcome.RESUMED, resumed.outcomes().get("pretrain"));
    assertEquals(Outcome.RAN, resumed.outcomes().get("transfer"));
    assertEquals(whole.comparison().stream().map(r -> r.get("testAccuracy")).toList(),
        resumed.comparison().stream().map(r -> r.get("testAccuracy")).toList());
    assertEquals(whole.comparison().stream().map(r -> r.get("testLoss")).toList(),
        resumed.comparison().stream().map(r -> r.get("testLoss")).toList());
  }

  @Test
  void aSecondRunOfTheSamePipelineIsRefusedWhileTheLockIsHeld() {
    PipelineSpec spec = spec();
    try (JobLock held = JobLock.acquire(runs(), spec.name(), sc.hadoopConfiguration())) {
      OutputException refused = assertThrows(OutputException.class,
          () -> runner().run(spec, runs(), null, false));
      assertTrue(refused.getMessage().contains(spec.name()), refused.getMessage());
    }
    assertTrue(RunDirectory.runIds(runs(), spec.name(), sc.hadoopConfiguration()).isEmpty(),
        "the refused run wrote nothing");
  }

  @Test
  void aWord2VecStageWritesVectorsAndIsSkippedWhenRunAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("w2v.yaml"), """
        name: w2v-pipeline
        stages:
          - name: vectors
            type: pretrain-w2v
            corpus: [moby-dick]
            word2vec: {dim: 20, epochs: 1}
            training: {workers: 2, roundsPerEpoch: 2}
        """);
    PipelineSpec spec = PipelineReader.read(file);

    PipelineRunner.Result first = runner().run(spec, runs(), null, false);
    PipelineRunner.Result again = runner().run(spec, runs(), null, false);

    assertEquals(Map.of("vectors", Outcome.RAN), first.outcomes());
    assertEquals(Map.of("vectors", Outcome.SKIPPED), again.outcomes());
    Path stage = Path.of(java.net.URI.create(first.run().uri())).resolve("vectors");
    List<String> header = Files.readAllLines(stage.resolve("vectors.txt")).subList(0, 1);
    assertTrue(header.get(0).endsWith(" 20"), header.toString());
    assertTrue(number(stage, "wordsPerSecond").doubleValue() > 0);
  }

  private PipelineSpec spec() {
    try {
      Path file = dir.resolve("pipeline.yaml");
      Files.writeString(file, """
          name: digits-pipeline
          baseline: transfer
          stages:
            - name: pretrain
              type: train
              data: {source: digits, classes: [0, 1, 2, 3, 4]}
              model:
                layers:
                  - {type: dense, units: 32}
                  - {type: dense, units: 16}
                  - {type: output, units: 5}
              training: &t {epochs: 4, batchSize: 16, workers: 2, averagingFrequency: 2}
            - name: transfer
              type: transfer
              from: pretrain
              keep: layer0
              head: {layers: [{type: dense, units: 16}, {type: output, units: 5}]}
              data: &target {source: digits, classes: [5, 6, 7, 8, 9]}
              optimizer: {type: adam, learningRate: 0.003}
              training: *t
            - name: transfer-open
              type: transfer
              from: pretrain
              keep: 0
              freeze: false
              head: {layers: [{type: dense, units: 16}, {type: output, units: 5}]}
              data: *target
              training: *t
            - name: finetune
              type: finetune
              from: transfer
              learningRates: [{layers: [0, 0], learningRate: 0.0001}]
              data: *target
              training: *t
            - {name: evaluate, type: evaluate, from: finetune, data: *target}
            - {name: features, type: extract-features, from: finetune, layer: 1, data: *target}
            - {name: export, type: export, from: finetune, path: %s}
          """.formatted(dir.resolve("exported.zip")));
      return PipelineReader.read(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String runs() {
    return dir.resolve("runs").toString();
  }

  private PipelineRunner runner() {
    return new PipelineRunner(sc, DataCache.fromEnvironment(),
        new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  private static PrintStream quiet() {
    return new PrintStream(java.io.OutputStream.nullOutputStream());
  }

  private static MultiLayerNetwork model(Path stage) throws java.io.IOException {
    return ModelSerializer.restoreMultiLayerNetwork(stage.resolve("model.zip").toFile(), false);
  }

  private static Number number(Path stage, String key) {
    try {
      Map<?, ?> run = new com.fasterxml.jackson.databind.ObjectMapper()
          .readValue(stage.resolve("run.json").toFile(), Map.class);
      return (Number) run.get(key);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static float maxDifference(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private record CrashAfterEpoch(int epoch) implements TrainingObserver {
    @Override
    public void onEpoch(EpochMetrics metrics) {
      if (metrics.epoch() == epoch) {
        throw new IllegalStateException("crash after epoch " + epoch);
      }
    }
  }
}
