package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.report.MetricsLog;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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
    Path spec = Files.writeString(work.resolve("mnist-cores.yaml"), Launcher.replace(
        LocalCluster.shortMnistSpec("mnist-cores"), "workers: 2", "workers: 4"));
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

      List<EpochMetrics> expected = epochs(work.resolve("local"));
      List<EpochMetrics> actual = epochs(runs);
      assertEquals(3, expected.size());
      assertEquals(expected.size(), actual.size());
      for (int e = 0; e < expected.size(); e++) {
        assertClose(expected.get(e).trainLoss(), actual.get(e).trainLoss(), e, "train loss");
        assertClose(expected.get(e).validationLoss(), actual.get(e).validationLoss(), e,
            "validation loss");
      }
      assertEquals(ExampleSpec.testAccuracy(Launcher.onlyRun(work.resolve("local/mnist-cores"))),
          ExampleSpec.testAccuracy(Launcher.onlyRun(runs.resolve("mnist-cores"))),
          ACCURACY_TOLERANCE);
    }
  }

  private static void assertClose(double local, double cluster, int epoch, String what) {
    assertTrue(Math.abs(cluster - local) <= LOSS_TOLERANCE * local, "epoch " + (epoch + 1) + " "
        + what + ": cluster " + cluster + ", local mode " + local);
  }

  /** Every epoch's line of the one run under {@code runs}' job directory. */
  private static List<EpochMetrics> epochs(Path runs) throws Exception {
    Path run = Launcher.onlyRun(runs.resolve("mnist-cores"));
    return MetricsLog.read(RunDirectory.open(runs.toString(), "mnist-cores",
        run.getFileName().toString(), new Configuration()), Integer.MAX_VALUE);
  }
}
