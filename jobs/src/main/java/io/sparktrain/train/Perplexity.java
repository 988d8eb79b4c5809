package io.sparktrain.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-step perplexity of a next-symbol model: {@code exp} of the mean negative log-probability the
 * network gave each step's true symbol. One row per step; a row of zeros is a padded step past its
 * sequence's end and is not counted, so names of every length weigh by their characters. Uniform
 * guessing over V symbols scores V; a perfect model 1.
 */
final class Perplexity implements TargetMetrics {

  private static final long serialVersionUID = 1L;
  /** Floor of a probability before its log: a softmax output of exactly 0 would give infinity. */
  private static final double FLOOR = 1e-12;

  private double negativeLogSum;
  private long steps;

  @Override
  public void add(float[] target, float[] output) {
    int symbol = -1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] > 0) {
        symbol = i;
      }
    }
    if (symbol < 0) {
      return;
    }
    negativeLogSum -= Math.log(Math.max(output[symbol], FLOOR));
    steps++;
  }

  @Override
  public TargetMetrics merge(TargetMetrics other) {
    Perplexity p = (Perplexity) other;
    negativeLogSum += p.negativeLogSum;
    steps += p.steps;
    return this;
  }

  /** {@code perplexity}, and {@code crossEntropy}: the mean negative log in nats per step. */
  @Override
  public Map<String, Double> values() {
    double mean = steps == 0 ? Double.NaN : negativeLogSum / steps;
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("perplexity", Math.exp(mean));
    values.put("crossEntropy", mean);
    return values;
  }
}
