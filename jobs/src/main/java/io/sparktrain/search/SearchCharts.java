package io.sparktrain.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktrain.report.Charts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * One scatter chart per searched field: each trial's metric against its value of the field.
 * Numbers go on a linear axis, or a logarithmic one where the values span a factor of ten or more
 * (rates, batch sizes); other values (an optimizer's name) are spread as categories. Trials that
 * trained to the end and those halving stopped (their metric at the rung) are separate series.
 */
final class SearchCharts {

  private SearchCharts() {}

  /** {@code metric-vs-optimizer.learningRate.png}. */
  static String fileName(FieldPath field) {
    return "metric-vs-" + field.text().replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
  }

  static byte[] png(TrialPlan plan, FieldPath field, List<TrialResult> results) {
    List<TrialResult> measured = results.stream().filter(r -> r.metric() != null
        && r.values().containsKey(field.text())).toList();
    boolean numeric = measured.stream().allMatch(r -> r.values().get(field.text()).isNumber());
    List<String> categories = numeric ? List.of() : measured.stream()
        .map(r -> Trial.text(r.values().get(field.text()))).distinct().toList();
    XYChart chart = new XYChartBuilder().width(640).height(400)
        .title(plan.search().metric() + " against " + field.text())
        .xAxisTitle(field.text()).yAxisTitle(plan.search().metric()).build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(9);
    addSeries(chart, "trained to the end", measured, field, categories,
        r -> r.status() != TrialResult.Status.HALVED);
    addSeries(chart, "stopped by halving (at its rung)", measured, field, categories,
        r -> r.status() == TrialResult.Status.HALVED);
    if (numeric && spansDecade(measured, field)) {
      chart.getStyler().setXAxisLogarithmic(true);
    }
    if (!numeric) {
      chart.getStyler().setXAxisMin(-0.5).setXAxisMax(categories.size() - 0.5);
      chart.setCustomXAxisTickLabelsFormatter(x -> categoryAt(categories, x));
    }
    return Charts.png(chart, fileName(field));
  }

  private static void addSeries(XYChart chart, String name, List<TrialResult> measured,
      FieldPath field, List<String> categories, Predicate<TrialResult> which) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (TrialResult r : measured) {
      if (which.test(r) && Double.isFinite(r.metric())) {
        JsonNode value = r.values().get(field.text());
        xs.add(value.isNumber() ? value.doubleValue()
            : categories.indexOf(Trial.text(value)));
        ys.add(r.metric());
      }
    }
    if (!xs.isEmpty()) {
      chart.addSeries(name, xs, ys);
    }
  }

  private static boolean spansDecade(List<TrialResult> measured, FieldPath field) {
    double[] xs = measured.stream().mapToDouble(r -> r.values().get(field.text()).doubleValue())
        .toArray();
    double min = java.util.Arrays.stream(xs).min().orElse(1);
    double max = java.util.Arrays.stream(xs).max().orElse(1);
    return min > 0 && max / min >= 10;
  }

  private static String categoryAt(List<String> categories, double x) {
    long i = Math.round(x);
    return Math.abs(x - i) < 1e-6 && i >= 0 && i < categories.size() ? categories.get((int) i)
        : "";
  }
}
