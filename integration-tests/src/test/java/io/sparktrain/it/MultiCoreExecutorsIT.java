package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four workers on a standalone cluster of two executors with two cores each: every executor runs
 * two of the stage's tasks, which sum through shared memory while only the first of them sums with
 * the other executor. Until 2026-12-07 the second task of such an executor took its stage for one
 * JVM and averaged in place, out of step with its leader; the unit tests ran each executor's
 * tasks in one JVM or one task to an executor, never this. The run must train as local mode's
 * four tasks in one JVM do: the same losses, epoch by epoch, to float rounding (the two sum in a
 * different order).
 */
class MultiCoreExecutorsIT {

  /** Relative: the sums' order differs in the last bits, which three epochs barely move. */
  private static final double LOSS_TOLERANCE = 0.01;
  private static final double ACCURACY_TOLERANCE = 0.005;

  @TempDir static Path work;

  @Test
  void twoExecutorsOfTwoCoresTrainAsLocalModesFourTasks() throws Exception {
    Path spec = Files.writeString(work.resolve("mnist-cores.yaml"),
        Files.readString(Launcher.HOME.resolve("conf/mnist-mlp.yaml"))
            .replace("name: mnist-mlp", "name: mnist-cores")
            .replace("  scaling: unit", "  scaling: unit\n  limit: 12000")
            .replace("epochs: 8", "epochs: 3")
            .replace("workers: 2", "workers: 4"));
    Launcher.Result local = Launcher.run("train", spec.toString(), "--runs-dir",
        work.resolve("local").toString());
    assertEquals(0, local.code(), local.output());

    try (LocalCluster cluster = LocalCluster.start(2, 2)) {
      Path runs = work.resolve("cluster");
      Launcher.Result submitted = LocalCluster.submit(Map.of(), List.of(),
          "train", spec.toString(), "--runs-dir", runs.toString()).await(600);
      assertEquals(0, submitted.code(), submitted.output());
      for (int worker = 1; worker <= 2; worker++) {
        // The worker's log holds each executor's command line: one executor of both cores.
        String log = Files.readString(LocalCluster.workerLog(worker));
        assertTrue(log.contains("CoarseGrainedExecutorBackend")
            && log.contains("\"--cores\" \"2\""), "worker " + worker
            + " did not launch one executor of 2 cores; its log: " + log);
      }

      List<JsonNode> expected = epochs(work.resolve("local"));
      List<JsonNode> actual = epochs(runs);
      assertEquals(3, expected.size());
      assertEquals(expected.size(), actual.size());
      for (int e = 0; e < expected.size(); e++) {
        for (String loss : List.of("trainLoss", "validationLoss")) {
          double want = expected.get(e).get(loss).asDouble();
          double got = actual.get(e).get(loss).asDouble();
          assertTrue(Math.abs(got - want) <= LOSS_TOLERANCE * want, "epoch " + (e + 1) + " "
              + loss + ": cluster " + got + ", local mode " + want);
        }
      }
      assertEquals(evaluated(work.resolve("local")), evaluated(runs), ACCURACY_TOLERANCE);
    }
  }

  private static List<JsonNode> epochs(Path runs) throws Exception {
    Path run = Launcher.onlyRun(runs.resolve("mnist-cores"));
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> epochs = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      epochs.add(json.readTree(line));
    }
    return epochs;
  }

  private static double evaluated(Path runs) throws Exception {
    Path run = Launcher.onlyRun(runs.resolve("mnist-cores"));
    return new ObjectMapper().readTree(run.resolve("evaluation.json").toFile())
        .get("accuracy").asDouble();
  }
}
