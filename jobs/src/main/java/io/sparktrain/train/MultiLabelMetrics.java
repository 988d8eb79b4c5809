package io.sparktrain.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-label scores: an output counts as "on" when it exceeds the threshold (0.5 for sigmoid
 * outputs, 0 for a hinge head's raw scores). Subset accuracy is the share of examples with every
 * label right; label accuracy the share of right (example, label) pairs (1 - Hamming loss); F1 per
 * label from its own true/false positives and false negatives (0 when the label is never
 * predicted nor present: nothing to find, nothing found), and their unweighted mean (macro F1).
 */
public final class MultiLabelMetrics implements TargetMetrics {

  private static final long serialVersionUID = 1L;

  private final List<String> names;
  private final double threshold;
  private long n;
  private long subsetRight;
  private final long[] truePositives;
  private final long[] falsePositives;
  private final long[] falseNegatives;
  private final long[] right;

  /**
   * @param names the labels' names, in target order: they name the per-label F1 scores
   * @param threshold an output above it predicts the label
   */
  public MultiLabelMetrics(List<String> names, double threshold) {
    this.names = List.copyOf(names);
    this.threshold = threshold;
    truePositives = new long[names.size()];
    falsePositives = new long[names.size()];
    falseNegatives = new long[names.size()];
    right = new long[names.size()];
  }

  /** Labels named {@code label0, label1, ...}. */
  public static List<String> defaultNames(int labels) {
    return java.util.stream.IntStream.range(0, labels).mapToObj(i -> "label" + i).toList();
  }

  @Override
  public void add(float[] target, float[] output) {
    n++;
    boolean all = true;
    for (int j = 0; j < right.length; j++) {
      boolean actual = target[j] > 0.5f;
      boolean predicted = output[j] > threshold;
      if (actual == predicted) {
        right[j]++;
      } else {
        all = false;
      }
      if (predicted && actual) {
        truePositives[j]++;
      } else if (predicted) {
        falsePositives[j]++;
      } else if (actual) {
        falseNegatives[j]++;
      }
    }
    if (all) {
      subsetRight++;
    }
  }

  @Override
  public TargetMetrics merge(TargetMetrics other) {
    MultiLabelMetrics o = (MultiLabelMetrics) other;
    n += o.n;
    subsetRight += o.subsetRight;
    for (int j = 0; j < right.length; j++) {
      truePositives[j] += o.truePositives[j];
      falsePositives[j] += o.falsePositives[j];
      falseNegatives[j] += o.falseNegatives[j];
      right[j] += o.right[j];
    }
    return this;
  }

  @Override
  public Map<String, Double> values() {
    Map<String, Double> scores = new LinkedHashMap<>();
    long pairs = 0;
    double f1Sum = 0;
    Map<String, Double> perLabel = new LinkedHashMap<>();
    for (int j = 0; j < right.length; j++) {
      pairs += right[j];
      long denominator = 2 * truePositives[j] + falsePositives[j] + falseNegatives[j];
      double f1 = denominator == 0 ? 0 : 2.0 * truePositives[j] / denominator;
      f1Sum += f1;
      perLabel.put("f1." + names.get(j), n == 0 ? Double.NaN : f1);
    }
    scores.put("subsetAccuracy", n == 0 ? Double.NaN : (double) subsetRight / n);
    scores.put("labelAccuracy", n == 0 ? Double.NaN : (double) pairs / (n * right.length));
    scores.put("macroF1", n == 0 ? Double.NaN : f1Sum / right.length);
    scores.putAll(perLabel);
    return scores;
  }
}
