package io.sparktrain.report;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.train.EpochMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sections of one training run's report, drawn from its files alone (metrics.jsonl,
 * evaluation.json, run.json, spec.yaml), so that any finished or unfinished run can be reported
 * again later.
 */
final class RunReport {

  private RunReport() {}

  /** The whole page of a run. */
  static String page(RunDirectory run) {
    Map<String, Object> provenance = JsonFiles.read(run, "run.json");
    HtmlPage page = new HtmlPage("Run " + provenance.getOrDefault("job", "") + " "
        + run.runId());
    sections(run, page, provenance);
    return page.html();
  }

  /** Curves, confusion matrix, per-class metrics, timing, provenance and spec into {@code page}. */
  static void sections(RunDirectory run, HtmlPage page, Map<String, Object> provenance) {
    List<EpochMetrics> epochs = MetricsLog.read(run, Integer.MAX_VALUE);
    Map<String, Object> evaluation = JsonFiles.read(run, EvaluationReport.FILE);
    page.paragraph(summary(provenance, evaluation, epochs));
    if (!epochs.isEmpty()) {
      page.heading("Loss and accuracy per epoch");
      Map<String, byte[]> curves = new LinkedHashMap<>();
      curves.put("loss curves", Charts.png(Charts.loss(epochs), "loss"));
      curves.put("accuracy curves", Charts.png(Charts.accuracy(epochs), "accuracy"));
      page.images(curves);
    }
    if (evaluation.get("confusionMatrix") instanceof List<?> rows) {
      page.heading("Test set: confusion matrix and per-class metrics");
      page.images(Map.of("confusion matrix heat map",
          Charts.png(Charts.confusion(matrix(rows)), "confusion")));
      perClass(page, evaluation);
    }
    if (!epochs.isEmpty()) {
      timing(page, epochs, provenance);
    }
    page.heading("Provenance").keyValues(provenance);
    page.heading("Resolved spec").preformatted(run.readText("spec.yaml").orElse("(none)"));
  }

  private static String summary(Map<String, Object> provenance, Map<String, Object> evaluation,
      List<EpochMetrics> epochs) {
    return String.format(Locale.ROOT, "status %s, %d epochs, test accuracy %s on %s examples, loss %s",
        provenance.getOrDefault("status", "unknown"), epochs.size(),
        HtmlPage.cell(evaluation.get("accuracy")), HtmlPage.cell(evaluation.get("examples")),
        HtmlPage.cell(evaluation.get("loss")));
  }

  static long[][] matrix(List<?> rows) {
    long[][] m = new long[rows.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = ((List<?>) rows.get(i)).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
    }
    return m;
  }

  private static void perClass(HtmlPage page, Map<String, Object> evaluation) {
    List<List<Object>> rows = new ArrayList<>();
    if (evaluation.get("perClass") instanceof List<?> classes) {
      for (Object c : classes) {
        Map<?, ?> row = (Map<?, ?>) c;
        rows.add(List.of(row.get("class"), row.get("precision"), row.get("recall"),
            row.get("f1"), row.get("support")));
      }
    }
    page.table(List.of("class", "precision", "recall", "F1", "support"), rows);
  }

  private static void timing(HtmlPage page, List<EpochMetrics> epochs,
      Map<String, Object> provenance) {
    page.heading("Timing");
    if (provenance.get("bytesPerRound") != null) {
      page.paragraph(String.format(Locale.ROOT, "%s bytes exchanged per worker and averaging round",
          HtmlPage.cell(provenance.get("bytesPerRound"))));
    }
    page.images(Map.of("throughput per epoch",
        Charts.png(Charts.throughput(epochs), "throughput")));
    List<List<Object>> rows = new ArrayList<>();
    for (EpochMetrics m : epochs) {
      rows.add(List.of(m.epoch(), m.seconds(), Math.round(m.samplesPerSecond()), m.trainLoss(),
          m.validationLoss(), m.validationAccuracy(), m.learningRate()));
    }
    page.table(List.of("epoch", "seconds", "samples/s", "train loss", "validation loss",
        "validation accuracy", "learning rate"), rows);
  }
}
