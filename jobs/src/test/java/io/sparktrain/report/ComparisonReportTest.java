package io.sparktrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline comparison, from stage run records written as the stages write them. */
class ComparisonReportTest {

  @TempDir Path dir;

  private static final List<ComparisonReport.Stage> STAGES = List.of(
      new ComparisonReport.Stage("scratch", "train", null, 3),
      new ComparisonReport.Stage("tune", "finetune", "scratch", 2),
      new ComparisonReport.Stage("export", "export", "tune", null));

  private RunDirectory pipelineRun() {
    RunDirectory run = RunDirectory.create(dir.toString(), "p", new Configuration());
    stage(run, "scratch", 0.80, 0.5, "2026-01-01T00:00:00Z", "2026-01-01T00:00:10Z");
    stage(run, "tune", 0.9025, 0.3, "2026-01-01T00:00:00Z", "2026-01-01T00:00:04.5Z");
    RunRecord export = RunRecord.started(null, null, null).finishedNow();
    run.subdirectory("export").writeJson(RunDirectory.RUN, export);
    return run;
  }

  private static void stage(RunDirectory run, String name, double accuracy, double loss,
      String start, String end) {
    RunRecord record = RunRecord.started(name, null, "r").withHeader(new RunRecord.Header(name,
            null, "r", RunRecord.Status.FINISHED, start, end, null, null))
        .withTraining(new RunRecord.TrainingFacts("sparktrain", "iris", "f", 90L, 30L, 1024L))
        .withTest(new RunRecord.TestScores(30L, accuracy, loss, 0.7));
    run.subdirectory(name).writeJson(RunDirectory.RUN, record);
  }

  @Test
  void rowsReadEachStagesRecordAndMeasureGainsOverTheBaseline() {
    RunDirectory run = pipelineRun();
    List<Map<String, Object>> rows = ComparisonReport.rows(STAGES, "scratch", run,
        Map.of("scratch", "RAN", "tune", "RAN", "export", "SKIPPED"));
    assertEquals(0.80, rows.get(0).get("testAccuracy"));
    assertEquals(10.0, rows.get(0).get("seconds"));
    assertEquals(4.5, rows.get(1).get("seconds"));
    assertEquals(1024L, rows.get(1).get("bytesPerRound"));
    assertEquals(90L, rows.get(1).get("trainExamples"));
    assertEquals(10.25, (Double) rows.get(1).get("accuracyGain"), 1e-9);
    assertEquals(0.0, (Double) rows.get(1).get("f1Gain"), 1e-9);
    assertNull(rows.get(2).get("testAccuracy"), "export has no scores");
    assertNull(rows.get(2).get("accuracyGain"));
    assertEquals("scratch", rows.get(1).get("from"));
  }

  @Test
  void outcomesAreLowercaseUnderATurkishLocaleToo() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      List<Map<String, Object>> rows = ComparisonReport.rows(STAGES, null, pipelineRun(),
          Map.of("scratch", "SKIPPED", "tune", "RESUMED", "export", "REUSED"));
      assertEquals(List.of("skipped", "resumed", "reused"),
          rows.stream().map(r -> r.get("outcome")).toList());
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void writesTheTableTheSummaryAndTheChart() throws Exception {
    RunDirectory run = pipelineRun();
    List<Map<String, Object>> rows = ComparisonReport.rows(STAGES, "scratch", run,
        Map.of("scratch", "RAN", "tune", "RAN", "export", "RAN"));
    ComparisonReport.write("p", "scratch", run, rows);
    Path root = Path.of(java.net.URI.create(run.uri()));
    assertEquals(3, new ObjectMapper().readTree(root.resolve(ComparisonReport.JSON_FILE)
        .toFile()).size());
    String summary = Files.readString(root.resolve(ComparisonReport.SUMMARY_FILE));
    assertTrue(summary.contains("| tune | finetune | scratch | ran | 90 | 2 | 90.25 % | 0.7000 |"
        + " +10.25 | +0.00 | 0.3000 | 1024 | 4.5 |"), summary);
    assertTrue(summary.contains("Gains are in points over the baseline, stage scratch."));
    assertTrue(Files.size(root.resolve(ComparisonReport.CHART_FILE)) > 0);
    assertFalse(summary.contains("null"), summary);
  }
}
