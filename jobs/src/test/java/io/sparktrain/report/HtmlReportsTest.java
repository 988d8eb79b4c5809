package io.sparktrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.DataException;
import io.sparktrain.train.EpochMetrics;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html from a run's files: every part present, every image a real PNG, nothing remote. */
class HtmlReportsTest {

  @TempDir Path runs;

  private RunDirectory run(String job, double accuracy) {
    RunDirectory run = RunDirectory.create(runs.toString(), job, new Configuration());
    MetricsLog log = new MetricsLog(run);
    log.onEpoch(new EpochMetrics(1, 2, 50, 0.9, 0.7, 0.71, 0.72, 1e-3, 8123.5, 3.2, -0.01, 0.1,
        16));
    log.onEpoch(new EpochMetrics(2, 2, 100, 0.5, 0.45, 0.85, accuracy, 1e-3, 9001.0, 2.9,
        0.85 - accuracy, 0.05, 16));
    run.writeText(EvaluationReport.FILE, """
        {"accuracy": %s, "loss": 0.41, "examples": 30,
         "perClass": [{"class": 0, "precision": 0.9, "recall": 0.8, "f1": 0.847, "support": 10},
                      {"class": 1, "precision": 0.7, "recall": 0.875, "f1": 0.778, "support": 8},
                      {"class": 2, "precision": 1.0, "recall": 0.9167, "f1": 0.956, "support": 12}],
         "confusionMatrix": [[8, 2, 0], [1, 7, 0], [0, 1, 11]]}
        """.formatted(accuracy));
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("job", job);
    provenance.put("status", "finished");
    provenance.put("bytesPerRound", 2_686_000);
    provenance.put("codeVersion", "abc1234");
    run.writeJson("run.json", provenance);
    run.writeText("spec.yaml", "name: " + job + "\nmodel: <layers>\n");
    return run;
  }

  @Test
  void runReportHoldsCurvesConfusionMatrixMetricsTimingProvenanceAndSpec() throws Exception {
    RunDirectory run = run("tiny", 0.8667);

    HtmlReports.writeRun(run);
    String html = run.readText(HtmlReports.FILE).orElseThrow();

    List<String> alts = new java.util.ArrayList<>();
    Matcher image = Pattern.compile("<img alt=\"([^\"]+)\" src=\"data:image/png;base64,([^\"]+)\"")
        .matcher(html);
    while (image.find()) {
      alts.add(image.group(1));
      byte[] png = Base64.getDecoder().decode(image.group(2));
      assertEquals((byte) 0x89, png[0]);
      assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    }
    assertEquals(List.of("loss curves", "accuracy curves", "confusion matrix heat map",
        "throughput per epoch"), alts);
    assertTrue(html.contains("test accuracy 0.8667 on 30 examples"), html);
    assertTrue(html.contains("<td>1</td><td>0.7000</td><td>0.8750</td><td>0.7780</td><td>8</td>"));
    assertTrue(html.contains("2,686,000 bytes exchanged per worker and averaging round"));
    assertTrue(html.contains("<td>9,001</td>"), "samples/s of epoch 2");
    assertTrue(html.contains("abc1234"));
    assertTrue(html.contains("model: &lt;layers&gt;"), "the spec, escaped");
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
        "self-contained");
  }

  @Test
  void sideBySideOverlaysTheRunsAndListsEach() {
    RunDirectory first = run("first", 0.8);
    RunDirectory second = run("second", 0.9);

    String html = HtmlReports.sideBySide(List.of(first, second));

    assertTrue(html.contains("first " + first.runId()) && html.contains("second "
        + second.runId()));
    assertTrue(html.contains("<td>0.9000</td>") && html.contains("<td>0.8000</td>"));
    assertEquals(2, html.split("data:image/png;base64,").length - 1);
  }

  @Test
  void rebuildRejectsADirectoryThatIsNoRun() {
    RunDirectory empty = RunDirectory.create(runs.toString(), "nothing", new Configuration());

    DataException e = assertThrows(DataException.class, () -> HtmlReports.rebuild(empty));
    assertTrue(e.getMessage().endsWith("neither a run (run.json) nor a pipeline run "
        + "(pipeline.json)"), e.getMessage());
  }
}
