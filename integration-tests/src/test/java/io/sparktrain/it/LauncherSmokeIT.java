package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a user runs it: {@code bin/sparktrain} in its own JVM, real exit codes, real
 * run directories.
 */
class LauncherSmokeIT {

  @TempDir
  Path runs;

  @Test
  void trainsTheXorExamplesAndWritesTheirRuns() throws Exception {
    Launcher.Result result = launch("train", "conf/xor.yaml", "--runs-dir", runs.toString());

    assertEquals(0, result.code(), result.output());
    assertTrue(result.output().contains("run written to"), result.output());
    JsonNode perceptron = evaluation("xor-perceptron");
    JsonNode mlp = evaluation("xor-mlp");
    assertTrue(perceptron.get("accuracy").asDouble() <= 0.75, "a perceptron cannot learn XOR");
    assertEquals(1.0, mlp.get("accuracy").asDouble(), 1e-9, "the MLP learns XOR");
  }

  @Test
  void malformedSpecExitsWith2() throws Exception {
    Path spec = runs.resolve("bad.yaml");
    Files.writeString(spec, "name: bad\ndata:\n  source: mnist\nmodel:\n  layers: []\n");

    Launcher.Result result = launch("train", spec.toString());

    assertEquals(2, result.code(), result.output());
    assertTrue(result.output().contains("model.layers"), result.output());
  }

  private JsonNode evaluation(String job) throws IOException {
    Path run = Launcher.onlyRun(runs.resolve(job));
    for (String file : List.of("spec.yaml", "run.json", "model.zip", "metrics.jsonl",
        "evaluation.json", "loss.png", "accuracy.png")) {
      assertTrue(Files.size(run.resolve(file)) > 0, file + " in " + run);
    }
    return new ObjectMapper().readTree(run.resolve("evaluation.json").toFile());
  }

  private static Launcher.Result launch(String... args) throws Exception {
    return Launcher.run(args);
  }
}
