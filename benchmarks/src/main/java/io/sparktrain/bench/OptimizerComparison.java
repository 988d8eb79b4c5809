package io.sparktrain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws docs/optimizers.md's comparison from the runs of {@code conf/optimizers/}: validation
 * accuracy per epoch of every {@code optimizer-*} job under a runs directory (its newest run), as
 * one XChart PNG, and the same numbers as a Markdown table with each run's test accuracy.
 * benchmarks/optimizers.sh runs the jobs and then this.
 *
 * <p>Usage: {@code OptimizerComparison RUNS_DIR PNG_FILE}
 */
public final class OptimizerComparison {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OptimizerComparison() {}

  /** One job's newest run: its validation accuracy per epoch and its test accuracy. */
  record Curve(String optimizer, double[] validationAccuracy, double testAccuracy) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: OptimizerComparison RUNS_DIR PNG_FILE");
      System.exit(2);
    }
    List<Curve> curves = curves(Path.of(args[0]));
    if (curves.isEmpty()) {
      System.err.println("no optimizer-* runs under " + args[0]);
      System.exit(3);
    }
    System.setProperty("java.awt.headless", "true");
    BitmapEncoder.saveBitmap(chart(curves), args[1], BitmapEncoder.BitmapFormat.PNG);
    System.out.print(table(curves));
  }

  static List<Curve> curves(Path runsDir) throws IOException {
    List<Curve> curves = new ArrayList<>();
    try (Stream<Path> jobs = Files.list(runsDir)) {
      for (Path job : jobs.filter(p -> p.getFileName().toString().startsWith("optimizer-"))
          .sorted().toList()) {
        Path run = newestRun(job);
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        double[] accuracy = new double[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
          accuracy[i] = JSON.readTree(lines.get(i)).get("validationAccuracy").asDouble();
        }
        JsonNode provenance = JSON.readTree(run.resolve("run.json").toFile());
        curves.add(new Curve(job.getFileName().toString().substring("optimizer-".length()),
            accuracy, provenance.path("testAccuracy").asDouble(Double.NaN)));
      }
    }
    return curves;
  }

  private static Path newestRun(Path job) throws IOException {
    try (Stream<Path> runs = Files.list(job)) {
      return runs.filter(Files::isDirectory).max(Comparator.naturalOrder())
          .orElseThrow(() -> new IOException("no run under " + job));
    }
  }

  static XYChart chart(List<Curve> curves) {
    XYChart chart = new XYChartBuilder().width(900).height(560)
        .title("8x8 digits, 2 workers: validation accuracy per epoch")
        .xAxisTitle("epoch").yAxisTitle("validation accuracy (%)").build();
    chart.getStyler().setYAxisMin(55.0).setYAxisMax(100.0).setLegendVisible(true);
    for (Curve c : curves) {
      double[] epochs = new double[c.validationAccuracy().length];
      double[] percent = new double[epochs.length];
      for (int i = 0; i < epochs.length; i++) {
        epochs[i] = i + 1;
        percent[i] = 100 * c.validationAccuracy()[i];
      }
      chart.addSeries(c.optimizer(), epochs, percent).setMarker(SeriesMarkers.CIRCLE);
    }
    return chart;
  }

  static String table(List<Curve> curves) {
    int epochs = curves.stream().mapToInt(c -> c.validationAccuracy().length).max().orElse(0);
    StringBuilder out = new StringBuilder("| optimizer |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int e = 1; e <= epochs; e++) {
      out.append(" epoch ").append(e).append(" |");
      rule.append("---|");
    }
    out.append(" test |\n").append(rule).append("---|\n");
    for (Curve c : curves) {
      out.append("| ").append(c.optimizer()).append(" |");
      for (double a : c.validationAccuracy()) {
        out.append(String.format(" %.2f %% |", 100 * a));
      }
      out.append(String.format(" %.2f %% |%n", 100 * c.testAccuracy()));
    }
    return out.toString();
  }
}
