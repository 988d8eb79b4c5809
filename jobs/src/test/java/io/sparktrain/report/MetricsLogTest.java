package io.sparktrain.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.OutputException;
import io.sparktrain.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

  @TempDir Path dir;

  private static EpochMetrics epoch(int n) {
    return epoch(n, 3);
  }

  private static EpochMetrics epoch(int n, int of) {
    return new EpochMetrics(n, of, 10L * n, 1.0 / n, 1.2 / n, 0.5 + 0.1 * n, 0.4 + 0.1 * n, 1e-3,
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
  void chartsFollowTheFirstAndLastEpochAndBetweenAtMostEveryInterval() throws Exception {
    RunDirectory run = RunDirectory.create(dir.toString(), "j", new Configuration());
    long[] now = {0};
    MetricsLog log = new MetricsLog(run, List.of(), () -> now[0]);
    Path loss = Path.of(java.net.URI.create(run.uri())).resolve("loss.png");
    long interval = TimeUnit.SECONDS.toNanos(MetricsLog.CHART_INTERVAL_SECONDS);

    log.onEpoch(epoch(1, 6));
    assertArrayEquals(lossChart(1, 6), Files.readAllBytes(loss));
    now[0] = interval - 1;
    log.onEpoch(epoch(2, 6));
    assertArrayEquals(lossChart(1, 6), Files.readAllBytes(loss));
    assertEquals(2, MetricsLog.read(run, 6).size(), "metrics.jsonl is written every epoch");
    now[0] = interval;
    log.onEpoch(epoch(3, 6));
    assertArrayEquals(lossChart(3, 6), Files.readAllBytes(loss));
    now[0] += 1;
    log.onEpoch(epoch(4, 6));
    assertArrayEquals(lossChart(3, 6), Files.readAllBytes(loss));
    log.onTrainingEnd();
    assertArrayEquals(lossChart(4, 6), Files.readAllBytes(loss), "a run that stopped early");

    MetricsLog resumed = new MetricsLog(run, MetricsLog.read(run, 4), () -> now[0]);
    resumed.onEpoch(epoch(5, 6));
    assertArrayEquals(lossChart(5, 6), Files.readAllBytes(loss), "a resumed run's first epoch");
    now[0] += 1;
    resumed.onEpoch(epoch(6, 6));
    assertArrayEquals(lossChart(6, 6), Files.readAllBytes(loss), "the last epoch");
  }

  private static byte[] lossChart(int epochs, int of) {
    List<EpochMetrics> metrics = IntStream.rangeClosed(1, epochs).mapToObj(n -> epoch(n, of))
        .toList();
    return Charts.png(Charts.loss(metrics), "loss.png");
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
