package io.sparktrain.train;

import java.io.Serializable;
import java.util.Map;

/**
 * Scores of a model's outputs against targets that are not (only) one class: sums that each
 * partition accumulates on its executor, merged on the driver, then turned into named values.
 * Spark- and ND4J-free so that each score can be checked against a hand computation.
 */
public interface TargetMetrics extends Serializable {

  /** Counts one example: its target row and the network's output row, of equal length. */
  void add(float[] target, float[] output);

  /** Adds {@code other}'s counts (of the same kind and width) to this one's; returns this. */
  TargetMetrics merge(TargetMetrics other);

  /**
   * The scores by name, as metrics.jsonl and run.json spell them ({@code rmse},
   * {@code subsetAccuracy}, ...); NaN where nothing was counted.
   */
  Map<String, Double> values();

  /** Counts every row of a batch ({@code targets[i]} against {@code outputs[i]}). */
  default void addAll(float[][] targets, float[][] outputs) {
    for (int i = 0; i < targets.length; i++) {
      add(targets[i], outputs[i]);
    }
  }
}
