package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.runs.NetworkZips;
import io.sparktrain.train.SparkTestSession;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline stages on a graph, on the real 8x8 digits (0-4, then 5-9): a residual graph
 * trained, transferred at a merge vertex with the part it keeps frozen, fine-tuned with only its
 * top layer open, evaluated, its activations at a named layer extracted, exported.
 */
public class GraphPipelineTest {

  private static JavaSparkContext sc;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("GraphPipelineTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void everyStageRunsOnAGraphAndFrozenVerticesStayBitIdentical() throws Exception {
    PipelineRunner.Result result = new PipelineRunner(sc, DataCache.fromEnvironment(),
        new PrintStream(java.io.OutputStream.nullOutputStream())).run(spec(),
        dir.resolve("runs").toString(), null, false);
    Path run = Path.of(java.net.URI.create(result.run().uri()));

    ComputationGraph pretrain = graph(run.resolve("pretrain"));
    ComputationGraph transfer = graph(run.resolve("transfer"));
    ComputationGraph finetune = graph(run.resolve("finetune"));
    for (String kept : List.of("a", "b")) {
      assertArrayEquals(params(pretrain, kept), params(transfer, kept), 0f, kept + " is frozen");
    }
    assertTrue(transfer.getConfiguration().getVertices().containsKey("head-1"));
    assertTrue(!transfer.getConfiguration().getVertices().containsKey("out"),
        "the source's head is dropped");
    // unfreeze: 1 opens only the top layer (head-1); head-0 stays as the transfer left it.
    assertArrayEquals(params(transfer, "head-0"), params(finetune, "head-0"), 0f);
    assertNotEquals(0, maxDifference(params(transfer, "head-1"), params(finetune, "head-1")));

    double finetuned = number(run.resolve("finetune"), "testAccuracy");
    double transferred = number(run.resolve("transfer"), "testAccuracy");
    // Five classes, chance is 0.2; four epochs on frozen features of the other five digits.
    assertTrue(transferred > 0.6 && finetuned > 0.6, "digits 5-9 are learnable on frozen 0-4 "
        + "features: transfer " + transferred + ", finetune " + finetuned);
    assertEquals(finetuned, number(run.resolve("evaluate"), "testAccuracy"),
        "evaluate scores the same graph on the same test split");
    List<Row> rows = SparkSession.builder().sparkContext(sc.sc()).getOrCreate().read()
        .parquet(run.resolve("features").resolve("features.parquet").toString()).collectAsList();
    assertEquals(number(run.resolve("evaluate"), "testExamples"), rows.size(), 0);
    assertEquals(32, rows.get(0).getList(2).size(), "layer 1 is b, 32 units");
    assertArrayEquals(Files.readAllBytes(run.resolve("finetune").resolve("model.zip")),
        Files.readAllBytes(dir.resolve("exported.zip")));
  }

  private PipelineSpec spec() throws java.io.IOException {
    Path file = dir.resolve("pipeline.yaml");
    Files.writeString(file, """
        name: digits-graph-pipeline
        stages:
          - name: pretrain
            type: train
            data: {source: digits, classes: [0, 1, 2, 3, 4]}
        %s
            optimizer: &adam {type: adam, learningRate: 0.003}
            training: &t {epochs: 4, batchSize: 16, workers: 2, averagingFrequency: 2}
          - name: transfer
            type: transfer
            from: pretrain
            keep: sum
            head: {layers: [{type: dense, units: 16}, {type: output, units: 5}]}
            data: &target {source: digits, classes: [5, 6, 7, 8, 9]}
            optimizer: *adam
            training: *t
          - name: finetune
            type: finetune
            from: transfer
            unfreeze: 1
            data: *target
            optimizer: *adam
            training: *t
          - {name: evaluate, type: evaluate, from: finetune, data: *target}
          - {name: features, type: extract-features, from: finetune, layer: 1, data: *target}
          - {name: export, type: export, from: finetune, path: %s}
        """.formatted(residualGraph(5).indent(4).stripTrailing(), dir.resolve("exported.zip")));
    return PipelineReader.read(file);
  }

  /**
   * A job spec's model section: the residual graph of these tests (two dense layers, their sum,
   * a softmax over {@code classes}), also what GraphPredictionTest predicts with.
   */
  public static String residualGraph(int classes) {
    return """
        model:
          graph:
            layers:
              - {name: a, type: dense, units: 32, inputs: [input]}
              - {name: b, type: dense, units: 32, inputs: [a]}
              - {name: sum, type: add, inputs: [a, b]}
              - {name: out, type: output, units: %d, inputs: [sum]}
            outputs: [out]
        """.formatted(classes);
  }

  private static ComputationGraph graph(Path stage) throws java.io.IOException {
    return (ComputationGraph) NetworkZips.read(stage.resolve("model.zip").toFile(), false);
  }

  private static float[] params(ComputationGraph graph, String layer) {
    return graph.getLayer(layer).params().toFloatVector();
  }

  private static double number(Path stage, String key) throws java.io.IOException {
    Map<?, ?> run = new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(stage.resolve("run.json").toFile(), Map.class);
    return ((Number) run.get(key)).doubleValue();
  }

  private static float maxDifference(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
