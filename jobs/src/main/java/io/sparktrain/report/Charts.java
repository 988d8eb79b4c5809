package io.sparktrain.report;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.OutputException;
import io.sparktrain.train.EpochMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A run's charts: loss and accuracy curves per epoch ({@code loss.png}, {@code accuracy.png} in
 * the run directory), and for {@code report.html} the confusion matrix as a heat map, the
 * throughput per epoch and several runs' curves on one chart.
 */
public final class Charts {

  private Charts() {}

  /** Writes both curves into the run directory. */
  public static void write(List<EpochMetrics> epochs, RunDirectory run) {
    run.writeBytes("loss.png", png(loss(epochs), "loss.png"));
    run.writeBytes("accuracy.png", png(accuracy(epochs), "accuracy.png"));
  }

  /** Train and validation loss per epoch. */
  public static XYChart loss(List<EpochMetrics> epochs) {
    XYChart loss = chart("Loss", "loss");
    addSeries(loss, "train", epochs, EpochMetrics::trainLoss);
    addSeries(loss, "validation", epochs, EpochMetrics::validationLoss);
    return loss;
  }

  static XYChart accuracy(List<EpochMetrics> epochs) {
    XYChart accuracy = chart("Accuracy", "accuracy (%)");
    addSeries(accuracy, "train", epochs, m -> 100 * m.trainAccuracy());
    addSeries(accuracy, "validation", epochs, m -> 100 * m.validationAccuracy());
    // Over-fitting shows as a gap that grows, under-fitting as both curves low and close.
    addSeries(accuracy, "gap (train - validation)", epochs, m -> 100 * m.accuracyGap());
    return accuracy;
  }

  /** One series per run: {@code y} of each epoch. */
  static XYChart overlay(String title, String yTitle, Map<String, List<EpochMetrics>> runs,
      ToDoubleFunction<EpochMetrics> y) {
    XYChart chart = chart(title, yTitle);
    runs.forEach((name, epochs) -> addSeries(chart, name, epochs, y));
    return chart;
  }

  /** Training examples per second in each epoch, as bars. */
  static CategoryChart throughput(List<EpochMetrics> epochs) {
    CategoryChart chart = new CategoryChartBuilder().width(640).height(400)
        .title("Throughput").xAxisTitle("epoch").yAxisTitle("samples/s").build();
    chart.getStyler().setLegendVisible(false);
    chart.addSeries("samples/s", epochs.stream().map(EpochMetrics::epoch).toList(),
        epochs.stream().map(EpochMetrics::samplesPerSecond).toList());
    return chart;
  }

  /** Rows are actual classes, columns predicted; darker is more examples. */
  static HeatMapChart confusion(long[][] matrix) {
    int n = matrix.length;
    HeatMapChart chart = new HeatMapChartBuilder().width(560).height(480)
        .title("Confusion matrix (test)").xAxisTitle("predicted").yAxisTitle("actual").build();
    chart.getStyler().setShowValue(n <= 20);
    chart.getStyler().setLegendVisible(true);
    List<Number[]> cells = new ArrayList<>();
    for (int actual = 0; actual < n; actual++) {
      for (int predicted = 0; predicted < n; predicted++) {
        // The y axis grows upwards: put class 0 at the top, as tables read.
        cells.add(new Number[] {predicted, n - 1 - actual, matrix[actual][predicted]});
      }
    }
    List<Integer> xs = IntStream.range(0, n).boxed().toList();
    List<Integer> ys = IntStream.range(0, n).map(i -> n - 1 - i).boxed().toList();
    chart.addSeries("examples", xs, ys, cells);
    return chart;
  }

  private static XYChart chart(String title, String yTitle) {
    return new XYChartBuilder().width(640).height(400).title(title)
        .xAxisTitle("epoch").yAxisTitle(yTitle).build();
  }

  private static void addSeries(
      XYChart chart, String name, List<EpochMetrics> epochs, ToDoubleFunction<EpochMetrics> y) {
    double[] xs = epochs.stream().mapToDouble(EpochMetrics::epoch).toArray();
    double[] ys = epochs.stream().mapToDouble(y).map(v -> Double.isFinite(v) ? v : 0).toArray();
    chart.addSeries(name, xs, ys);
  }

  /** The chart as PNG bytes; {@code name} names it in the error. */
  public static byte[] png(Chart<?, ?> chart, String name) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new OutputException("cannot draw " + name + ": " + e.getMessage(), e);
    }
  }
}
