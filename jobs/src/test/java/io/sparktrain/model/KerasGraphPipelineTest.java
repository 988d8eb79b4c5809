package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.data.DataCache;
import io.sparktrain.pipeline.PipelineReader;
import io.sparktrain.pipeline.PipelineRunner;
import io.sparktrain.pipeline.PipelineSpec;
import io.sparktrain.runs.NetworkZips;
import io.sparktrain.train.SparkTestSession;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Keras functional model (two branches, Add, Concatenate) as the source of a pipeline on the
 * real 8x8 digits: transferred at its Concatenate vertex with both branches frozen under a new
 * head, which learns the ten digits; then evaluated and its features extracted at a Keras vertex.
 */
class KerasGraphPipelineTest {

  private static JavaSparkContext sc;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("KerasGraphPipelineTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void aTransferFromAKerasFunctionalModelKeepsItsBranchesFrozenAndLearnsDigits()
      throws Exception {
    KerasFunctionalFiles keras = KerasFunctionalFiles.seeded(64, 24, 10, 11);
    Path h5 = dir.resolve("branches.h5");
    keras.write(h5, "Model");

    PipelineRunner.Result result = new PipelineRunner(sc, DataCache.fromEnvironment(),
        new PrintStream(java.io.OutputStream.nullOutputStream())).run(spec(h5),
        dir.resolve("runs").toString(), null, false);
    Path run = Path.of(java.net.URI.create(result.run().uri()));

    ComputationGraph transfer = (ComputationGraph) NetworkZips.read(
        run.resolve("transfer").resolve("model.zip").toFile(), false);
    for (KerasH5Writer.Dense dense : List.of(keras.a(), keras.b())) {
      assertEquals(Nd4j.createFromArray(dense.kernel()),
          transfer.getLayer(dense.name()).getParam("W"), dense.name() + " is frozen");
    }
    assertFalse(transfer.getConfiguration().getVertices().containsKey("out"),
        "the Keras head is dropped");
    double accuracy = number(run.resolve("transfer"), "testAccuracy");
    // Ten classes, chance is 0.1; the head reads 48 frozen random features of the pixels.
    assertTrue(accuracy > 0.7, "a head on the Keras branches learns digits: " + accuracy);
    List<String> epochs = Files.readAllLines(run.resolve("transfer").resolve("metrics.jsonl"));
    assertTrue(loss(epochs.get(epochs.size() - 1)) < loss(epochs.get(0)),
        "validation loss falls: " + epochs);
    assertEquals(accuracy, number(run.resolve("evaluate"), "testAccuracy"),
        "evaluate scores the same graph on the same test split");
  }

  private PipelineSpec spec(Path h5) throws java.io.IOException {
    Path file = dir.resolve("pipeline.yaml");
    Files.writeString(file, """
        name: keras-graph-pipeline
        stages:
          - name: transfer
            type: transfer
            source: %s
            keep: concatenate_1
            head: {layers: [{type: dense, units: 32}, {type: output, units: 10}]}
            data: &digits {source: digits}
            optimizer: {type: adam, learningRate: 0.01}
            training: {epochs: 4, batchSize: 32, workers: 2, averagingFrequency: 2}
          - {name: evaluate, type: evaluate, from: transfer, data: *digits}
        """.formatted(h5));
    return PipelineReader.read(file);
  }

  private static double number(Path stage, String key) throws java.io.IOException {
    Map<?, ?> run = new ObjectMapper().readValue(stage.resolve("run.json").toFile(), Map.class);
    return ((Number) run.get(key)).doubleValue();
  }

  private static double loss(String epochLine) throws java.io.IOException {
    return new ObjectMapper().readTree(epochLine).get("validationLoss").asDouble();
  }
}
