package io.sparktrain.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores of a two-class output: ROC AUC and the Brier score.
 *
 * <p>AUC is the probability that a random positive (class 1) scores above a random negative,
 * ties counting half (the Mann-Whitney statistic), computed exactly from every example's score
 * {@code output[1] - output[0]}: monotone in the softmax probability of class 1, and the margin of
 * a hinge head. The scores of a validation split (tens of thousands) travel to the driver; that
 * is small next to the parameters each round moves.
 *
 * <p>Brier score (Brier 1950, the binary form): the mean of {@code (p - y)²} with {@code p} the
 * predicted probability of class 1 and {@code y} the target's share of class 1 (0 or 1, or a
 * soft label's probability). Only for probability outputs (softmax, sigmoid): NaN for raw scores.
 */
public final class BinaryMetrics implements TargetMetrics {

  private static final long serialVersionUID = 1L;

  private final boolean probabilities;
  private double squaredError;
  private float[] scores = new float[64];
  private boolean[] positive = new boolean[64];
  private int n;

  /** @param probabilities whether the outputs are probabilities, which the Brier score needs */
  public BinaryMetrics(boolean probabilities) {
    this.probabilities = probabilities;
  }

  @Override
  public void add(float[] target, float[] output) {
    double p = output[1];
    double y = target[1];
    squaredError += (p - y) * (p - y);
    record((float) (output[1] - output[0]), target[1] > 0.5f);
  }

  private void record(float score, boolean isPositive) {
    if (n == scores.length) {
      scores = Arrays.copyOf(scores, 2 * n);
      positive = Arrays.copyOf(positive, 2 * n);
    }
    scores[n] = score;
    positive[n++] = isPositive;
  }

  @Override
  public TargetMetrics merge(TargetMetrics other) {
    BinaryMetrics o = (BinaryMetrics) other;
    squaredError += o.squaredError;
    for (int i = 0; i < o.n; i++) {
      record(o.scores[i], o.positive[i]);
    }
    return this;
  }

  @Override
  public Map<String, Double> values() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("auc", auc());
    values.put("brier", n == 0 || !probabilities ? Double.NaN : squaredError / n);
    return values;
  }

  /** Mann-Whitney: the rank sum of the positives, ties at their mean rank. */
  private double auc() {
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
    double rankSum = 0;
    long positives = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j < n && scores[order[j]] == scores[order[i]]) {
        j++;
      }
      double meanRank = (i + 1 + j) / 2.0;
      for (int k = i; k < j; k++) {
        if (positive[order[k]]) {
          rankSum += meanRank;
          positives++;
        }
      }
      i = j;
    }
    long negatives = n - positives;
    return positives == 0 || negatives == 0 ? Double.NaN
        : (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
