package io.sparktrain.report;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.OutputException;
import io.sparktrain.train.EpochMetrics;
import java.io.IOException;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Draws a run's loss and accuracy curves per epoch as {@code loss.png} and {@code accuracy.png}. */
public final class Charts {

  private Charts() {}

  /** Writes both charts into the run directory. */
  public static void write(List<EpochMetrics> epochs, RunDirectory run) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    XYChart loss = chart("Loss", "loss");
    addSeries(loss, "train", epochs, EpochMetrics::trainLoss);
    addSeries(loss, "validation", epochs, EpochMetrics::validationLoss);
    XYChart accuracy = chart("Accuracy", "accuracy (%)");
    addSeries(accuracy, "train", epochs, m -> 100 * m.trainAccuracy());
    addSeries(accuracy, "validation", epochs, m -> 100 * m.validationAccuracy());
    save(loss, "loss.png", run);
    save(accuracy, "accuracy.png", run);
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

  private static void save(XYChart chart, String name, RunDirectory run) {
    try {
      run.writeBytes(name, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new OutputException("cannot draw " + name + ": " + e.getMessage(), e);
    }
  }
}
