package io.sparktrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.OutputException;
import io.sparktrain.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

  @TempDir Path dir;

  private static EpochMetrics epoch(int n) {
    return new EpochMetrics(n, 3, 10L * n, 1.0 / n, 1.2 / n, 0.5 + 0.1 * n, 0.4 + 0.1 * n, 1e-3,
        1000, 2.5, 0.1, 0.2 / n, 16);
  }

  @Test
  void logsEveryEpochAndAResumedRunReadsOnlyWhatItsCheckpointCovers() throws Exception {
    RunDirectory run = RunDirectory.create(dir.toString(), "j", new Configuration());
    MetricsLog log = new MetricsLog(run);
    for (int n = 1; n <= 3; n++) {
      log.onEpoch(epoch(n));
    }
    assertEquals(List.of(epoch(1), epoch(2), epoch(3)), MetricsLog.read(run, 3));
    assertEquals(List.of(epoch(1), epoch(2)), MetricsLog.read(run, 2));
    Path root = Path.of(java.net.URI.create(run.uri()));
    assertTrue(Files.size(root.resolve("loss.png")) > 0);
    assertTrue(Files.size(root.resolve("accuracy.png")) > 0);

    MetricsLog resumed = new MetricsLog(run, MetricsLog.read(run, 2));
    resumed.onEpoch(epoch(3));
    assertEquals(3, Files.readAllLines(root.resolve(MetricsLog.FILE)).size());
  }

  @Test
  void anUnreadableLineNamesTheFileAndTheLine() {
    RunDirectory run = RunDirectory.create(dir.toString(), "j", new Configuration());
    run.writeText(MetricsLog.FILE, "{\"epoch\": 1, oops}\n");
    OutputException e = assertThrows(OutputException.class, () -> MetricsLog.read(run, 5));
    assertTrue(e.getMessage().contains("metrics.jsonl: unreadable line '{\"epoch\": 1, oops}'"),
        e.getMessage());
  }
}
