package io.sparktrain.report;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page per run or pipeline run (curves, confusion matrix
 * heat map, per-class metrics, timing, provenance, resolved spec; for pipelines the comparison
 * table and chart and every stage), and a page that sets several runs side by side.
 */
public final class HtmlReports {

  public static final String FILE = "report.html";

  private HtmlReports() {}

  /** Writes (or rewrites) the report of a training run into its directory. */
  public static void writeRun(RunDirectory run) {
    run.writeText(FILE, RunReport.page(run));
  }

  /** Writes (or rewrites) the report of a pipeline run into its directory. */
  public static void writePipeline(RunDirectory run) {
    run.writeText(FILE, pipelinePage(run));
  }

  /**
   * Rewrites the report of a run or pipeline run, whichever {@code run} holds.
   *
   * @throws io.sparktrain.spec.DataException if it holds neither
   */
  public static void rebuild(RunDirectory run) {
    if (run.readText("pipeline.json").isPresent()) {
      writePipeline(run);
    } else if (run.readText("run.json").isPresent()) {
      writeRun(run);
    } else {
      throw new io.sparktrain.spec.DataException(run.displayPath() + ": neither a run (run.json) "
          + "nor a pipeline run (pipeline.json)");
    }
  }

  private static String pipelinePage(RunDirectory run) {
    Map<String, Object> provenance = JsonFiles.read(run, "pipeline.json");
    HtmlPage page = new HtmlPage("Pipeline " + provenance.getOrDefault("pipeline", "") + " "
        + run.runId());
    List<Map<String, Object>> rows = comparisonRows(run);
    page.heading("Comparison of the stages");
    List<String> columns = new ArrayList<>();
    rows.forEach(r -> r.keySet().stream().filter(k -> !columns.contains(k)).forEach(columns::add));
    page.table(columns, rows.stream()
        .map(r -> columns.stream().map(c -> (Object) r.get(c)).toList()).toList());
    chart(run).ifPresent(png -> page.images(Map.of("comparison chart", png)));
    for (Map<String, Object> row : rows) {
      String stage = String.valueOf(row.get("stage"));
      if (run.hasSubdirectory(stage)) {
        RunDirectory stageRun = run.subdirectory(stage);
        Map<String, Object> stageProvenance = JsonFiles.read(stageRun, "run.json");
        page.heading("Stage " + stage);
        if (!stageProvenance.isEmpty()) {
          RunReport.sections(stageRun, page, stageProvenance);
        }
      }
    }
    page.heading("Pipeline provenance").keyValues(provenance);
    page.heading("Resolved pipeline spec")
        .preformatted(run.readText("pipeline.yaml").orElse("(none)"));
    return page.html();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> comparisonRows(RunDirectory run) {
    try {
      String json = run.readText(ComparisonReport.JSON_FILE).orElse("[]");
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, List.class);
    } catch (IOException e) {
      return List.of();
    }
  }

  private static java.util.Optional<byte[]> chart(RunDirectory run) {
    try {
      java.nio.file.Path local = Files.createTempFile("sparktrain-chart-", ".png");
      try {
        return run.copyOut(ComparisonReport.CHART_FILE, local)
            ? java.util.Optional.of(Files.readAllBytes(local)) : java.util.Optional.empty();
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** A page setting several training runs side by side: a table and their curves overlaid. */
  public static String sideBySide(List<RunDirectory> runs) {
    HtmlPage page = new HtmlPage("Runs side by side");
    Map<String, List<EpochMetrics>> curves = new LinkedHashMap<>();
    List<List<Object>> rows = new ArrayList<>();
    for (RunDirectory run : runs) {
      Map<String, Object> p = JsonFiles.read(run, "run.json");
      Map<String, Object> e = JsonFiles.read(run, EvaluationReport.FILE);
      String name = p.getOrDefault("job", "") + " " + run.runId();
      List<EpochMetrics> epochs = MetricsLog.read(run, Integer.MAX_VALUE);
      curves.put(name, epochs);
      rows.add(List.of(name, p.getOrDefault("engine", ""), epochs.size(),
          e.getOrDefault("accuracy", ""), e.getOrDefault("loss", ""),
          epochs.stream().mapToDouble(EpochMetrics::samplesPerSecond).average().orElse(0),
          run.displayPath()));
    }
    page.table(List.of("run", "engine", "epochs", "test accuracy", "test loss",
        "mean samples/s", "directory"), rows);
    Map<String, byte[]> charts = new LinkedHashMap<>();
    charts.put("validation accuracy of every run", Charts.png(Charts.overlay(
        "Validation accuracy", "accuracy (%)", curves, m -> 100 * m.validationAccuracy()), "a"));
    charts.put("training loss of every run", Charts.png(Charts.overlay(
        "Training loss", "loss", curves, EpochMetrics::trainLoss), "b"));
    page.heading("Curves").images(charts);
    return page.html();
  }
}
