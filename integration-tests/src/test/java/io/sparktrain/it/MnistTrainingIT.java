package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real MNIST through the launcher, fetched into the user's cache if absent: the default job's
 * network on a tenth of the training images for two epochs, two workers. Far from the default
 * job's 97.5 %, but a broken reader, scaler or averaging rule lands near 10 %.
 */
class MnistTrainingIT {

  @TempDir Path work;

  @Test
  void twoWorkersLearnMnistFromTheRealFiles() throws Exception {
    String spec = Files.readString(Launcher.HOME.resolve("conf/mnist-mlp.yaml"))
        .replace("name: mnist-mlp", "name: mnist-mlp-short")
        .replace("  scaling: unit", "  scaling: unit\n  limit: 6000")
        .replace("epochs: 8", "epochs: 2");
    Path file = Files.writeString(work.resolve("mnist-short.yaml"), spec);

    Launcher.Result result = Launcher.run("train", file.toString(), "--runs-dir",
        work.resolve("runs").toString());

    assertEquals(0, result.code(), result.output());
    assertTrue(result.output().contains("2 workers"), result.output());
    Path run = Launcher.onlyRun(work.resolve("runs/mnist-mlp-short"));
    JsonNode evaluation = new ObjectMapper().readTree(run.resolve("evaluation.json").toFile());
    assertTrue(evaluation.get("accuracy").asDouble() >= 0.90,
        "test accuracy " + evaluation.get("accuracy"));
    assertEquals(10_000, evaluation.get("examples").asInt());
    List<String> epochs = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(2, epochs.size());
    // The trained model is shared with batch prediction rather than trained again.
    predictsTheTestSplitAsTheRunEvaluatedIt(run, evaluation.get("accuracy").asDouble());
    reportRendersInChromium(run);
  }

  /**
   * The run's report.html in headless Chromium: no console message, a screenshot with the
   * curves and the heat map's colours, kept in the run directory and under target/ for CI.
   */
  private static void reportRendersInChromium(Path run) throws Exception {
    String html = Files.readString(run.resolve("report.html"));
    for (String part : List.of("alt=\"loss curves\"", "alt=\"accuracy curves\"",
        "alt=\"confusion matrix heat map\"")) {
      assertTrue(html.contains(part), part);
    }
    Chromium.Render render = Chromium.screenshot(run.resolve("report.html"),
        run.resolve("report-screenshot.png"));
    assertEquals(List.of(), render.console());
    Chromium.assertNotBlank(render.screenshot(), 200);
    Path artifacts = Files.createDirectories(Path.of("target", "artifacts"));
    Files.copy(render.screenshot(), artifacts.resolve("mnist-report-screenshot.png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** {@code sparktrain predict} on the run: 10,000 MNIST test rows, the run's own accuracy. */
  private void predictsTheTestSplitAsTheRunEvaluatedIt(Path run, double accuracy)
      throws Exception {
    Path out = work.resolve("predictions");
    Launcher.Result predicted = Launcher.run("predict", run.toString(), "mnist:test", "--out",
        out.toString());
    assertEquals(0, predicted.code(), predicted.output());
    assertTrue(predicted.output().contains(String.format("10,000 predictions written to %s; "
        + "accuracy %.4f on their labels", out, accuracy)), predicted.output());
    assertTrue(predicted.output().contains("predict: 2 of 2 tasks done"), predicted.output());
    assertTrue(Files.list(out).anyMatch(f -> f.getFileName().toString().endsWith(".parquet")));

    Launcher.Result wrong = Launcher.run("predict", run.toString(), out.toString(),
        "--features-col", "pixels", "--out", work.resolve("none").toString());
    assertEquals(3, wrong.code(), wrong.output());
    assertTrue(wrong.output().contains("features column 'pixels' is missing"), wrong.output());
  }
}
