package io.sparktrain.report;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * A pipeline run's comparison of its stages, side by side: test accuracy, F1 and loss, training
 * examples, exchange per round and time, as {@code comparison.json}, a readable
 * {@code summary.md} and a bar chart {@code comparison.png}.
 */
public final class ComparisonReport {

  public static final String JSON_FILE = "comparison.json";
  public static final String SUMMARY_FILE = "summary.md";
  public static final String CHART_FILE = "comparison.png";

  private static final List<String> COLUMNS = List.of("stage", "type", "from", "outcome",
      "trainExamples", "epochs", "testAccuracy", "testF1", "testLoss", "bytesPerRound", "seconds");

  private ComparisonReport() {}

  /**
   * A stage as the comparison shows it.
   *
   * @param type its kind as YAML spells it
   * @param from the stage or model file it started from; null for none
   * @param epochs epochs it trained; null for stages that do not train
   */
  public record Stage(String name, String type, String from, Integer epochs) {}

  /** One row per stage, from the stages' {@code run.json}. */
  public static List<Map<String, Object>> rows(List<Stage> stages, String baseline,
      RunDirectory run, Map<String, ?> outcomes) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Stage stage : stages) {
      Optional<RunRecord> record = run.subdirectory(stage.name()).readRecord(RunDirectory.RUN);
      Optional<RunRecord.TestScores> test = record.map(RunRecord::test);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("stage", stage.name());
      row.put("type", stage.type());
      row.put("from", stage.from());
      row.put("outcome", String.valueOf(outcomes.get(stage.name())).toLowerCase(Locale.ROOT));
      row.put("trainExamples", record.map(RunRecord::training)
          .map(RunRecord.TrainingFacts::trainExamples).orElse(null));
      row.put("epochs", stage.epochs());
      row.put("testAccuracy", test.map(RunRecord.TestScores::testAccuracy).orElse(null));
      row.put("testF1", test.map(RunRecord.TestScores::testF1).orElse(null));
      row.put("testLoss", test.map(RunRecord.TestScores::testLoss).orElse(null));
      row.put("bytesPerRound", record.map(RunRecord::training)
          .map(RunRecord.TrainingFacts::bytesPerRound).orElse(null));
      row.put("seconds", record.map(RunRecord::seconds).orElse(null));
      rows.add(row);
    }
    if (baseline != null) {
      Map<String, Object> base = rows.stream()
          .filter(r -> baseline.equals(r.get("stage"))).findFirst().orElseThrow();
      for (Map<String, Object> row : rows) {
        row.put("accuracyGain", gain(row.get("testAccuracy"), base.get("testAccuracy")));
        row.put("f1Gain", gain(row.get("testF1"), base.get("testF1")));
      }
    }
    return rows;
  }

  /** How far a stage's score lies above the baseline's, in points; null where either lacks it. */
  private static Double gain(Object score, Object baseline) {
    return score instanceof Number s && baseline instanceof Number b
        ? 100 * (s.doubleValue() - b.doubleValue()) : null;
  }

  /** Writes the JSON, the summary and the chart into the pipeline run's directory. */
  public static void write(String pipeline, String baseline, RunDirectory run,
      List<Map<String, Object>> rows) {
    run.writeJson(JSON_FILE, rows);
    run.writeText(SUMMARY_FILE, summary(pipeline, baseline, run, rows));
    List<Map<String, Object>> scored = rows.stream()
        .filter(r -> r.get("testAccuracy") instanceof Number n && Double.isFinite(n.doubleValue()))
        .toList();
    if (!scored.isEmpty()) {
      chart(pipeline, run, scored);
    }
  }

  /**
   * The table as Markdown, accuracy in percent; with a baseline, each stage's gain over it in
   * points of accuracy and of F1.
   */
  static String summary(String pipeline, String baseline, RunDirectory run,
      List<Map<String, Object>> rows) {
    List<String> columns = new ArrayList<>(COLUMNS);
    if (baseline != null) {
      columns.addAll(columns.indexOf("testLoss"), List.of("accuracyGain", "f1Gain"));
    }
    StringBuilder md = new StringBuilder("# Pipeline " + pipeline + ", run " + run.runId()
        + "\n\n");
    if (baseline != null) {
      md.append("Gains are in points over the baseline, stage ").append(baseline)
          .append(".\n\n");
    }
    md.append("| ").append(String.join(" | ", columns)).append(" |\n|")
        .append("---|".repeat(columns.size())).append('\n');
    for (Map<String, Object> row : rows) {
      md.append('|');
      for (String column : columns) {
        md.append(' ').append(cell(column, row.get(column))).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String cell(String column, Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Number n && column.equals("testAccuracy")) {
      return Double.isFinite(n.doubleValue()) ? String.format(Locale.ROOT, "%.2f %%", 100 * n.doubleValue())
          : "n/a";
    }
    if (value instanceof Number n && column.endsWith("Gain")) {
      return String.format(Locale.ROOT, "%+.2f", n.doubleValue());
    }
    if (value instanceof Number n && column.equals("testF1")) {
      return Double.isFinite(n.doubleValue()) ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : "n/a";
    }
    if (value instanceof Number n && (column.equals("testLoss") || column.equals("seconds"))) {
      return String.format(Locale.ROOT, column.equals("seconds") ? "%.1f" : "%.4f", n.doubleValue());
    }
    return String.valueOf(value);
  }

  private static void chart(String pipeline, RunDirectory run, List<Map<String, Object>> rows) {
    CategoryChart chart = new CategoryChartBuilder().width(800).height(450)
        .title(pipeline + ": test accuracy per stage").xAxisTitle("stage")
        .yAxisTitle("test accuracy (%)").build();
    chart.getStyler().setLegendVisible(false);
    chart.addSeries("test accuracy",
        rows.stream().map(r -> (String) r.get("stage")).toList(),
        rows.stream().map(r -> (Number) (100 * ((Number) r.get("testAccuracy")).doubleValue()))
            .toList());
    try {
      run.writeBytes(CHART_FILE, BitmapEncoder.getBitmapBytes(chart,
          BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new OutputException("cannot draw " + CHART_FILE + ": " + e.getMessage(), e);
    }
  }
}
