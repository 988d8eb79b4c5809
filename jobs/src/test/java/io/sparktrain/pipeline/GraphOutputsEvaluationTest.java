package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.data.DataCache;
import io.sparktrain.train.SparkTestSession;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graph with two outputs on the real 8x8 digits, each output scored under its name: a main head
 * on 32 hidden units and an auxiliary head behind a 2-unit bottleneck, which cannot separate ten
 * digits as well. The first output stays the headline (testAccuracy).
 */
class GraphOutputsEvaluationTest {

  private static JavaSparkContext sc;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("GraphOutputsEvaluationTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void everyOutputOfAGraphIsScoredUnderItsName() throws Exception {
    PipelineRunner.Result result = new PipelineRunner(sc, DataCache.fromEnvironment(),
        new PrintStream(java.io.OutputStream.nullOutputStream())).run(spec(),
        dir.resolve("runs").toString(), null, false);
    Path run = Path.of(java.net.URI.create(result.run().uri()));

    JsonNode trained = json(run.resolve("fit").resolve("run.json"));
    JsonNode scores = trained.path("testScores");
    double main = scores.path("main.accuracy").asDouble(Double.NaN);
    double aux = scores.path("aux.accuracy").asDouble(Double.NaN);
    assertEquals(trained.path("testAccuracy").asDouble(), main, 0,
        "the first output is the headline: " + scores);
    // Ten classes, chance is 0.1.
    assertTrue(main > 0.8, "the main head learns digits: " + scores);
    assertTrue(aux > 0.15 && aux < main - 0.1,
        "the 2-unit bottleneck learns, less well, and is scored on its own: " + scores);
    List<String> epochs = Files.readAllLines(run.resolve("fit").resolve("metrics.jsonl"));
    JsonNode last = new ObjectMapper().readTree(epochs.get(epochs.size() - 1));
    JsonNode validation = last.path("validationScores");
    assertEquals(last.path("validationAccuracy").asDouble(),
        validation.path("main.accuracy").asDouble(Double.NaN), 0, last.toString());
    assertTrue(validation.has("aux.accuracy"), last.toString());
    JsonNode evaluated = json(run.resolve("evaluate").resolve("run.json"))
        .path("testScores");
    assertEquals(main, evaluated.path("main.accuracy").asDouble(Double.NaN), 0);
    assertEquals(aux, evaluated.path("aux.accuracy").asDouble(Double.NaN), 0,
        "evaluate scores both outputs of the same graph on the same split");
    assertEquals(aux, json(run.resolve("evaluate").resolve("evaluation.json"))
        .path("aux.accuracy").asDouble(Double.NaN), 0);
  }

  private PipelineSpec spec() throws java.io.IOException {
    Path file = dir.resolve("pipeline.yaml");
    Files.writeString(file, """
        name: digits-two-outputs
        stages:
          - name: fit
            type: train
            data: &digits {source: digits}
            model:
              graph:
                layers:
                  - {name: h, type: dense, units: 32, inputs: [input]}
                  - {name: main, type: output, units: 10, inputs: [h]}
                  - {name: narrow, type: dense, units: 2, inputs: [input]}
                  - {name: aux, type: output, units: 10, inputs: [narrow], lossWeight: 0.5}
                outputs: [main, aux]
            optimizer: {type: adam, learningRate: 0.01}
            training: {epochs: 4, batchSize: 32, workers: 2, averagingFrequency: 2}
          - {name: evaluate, type: evaluate, from: fit, data: *digits}
        """);
    return PipelineReader.read(file);
  }

  private static JsonNode json(Path file) throws java.io.IOException {
    return new ObjectMapper().readTree(file.toFile());
  }
}
