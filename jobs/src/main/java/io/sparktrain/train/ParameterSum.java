package io.sparktrain.train;

import java.io.Serializable;

/**
 * The averaging rule, in one place: a running sum of replicas' parameters and updater state,
 * each weighted by the number of examples the replica trained on since the last average.
 *
 * <p>Spark-free and serializable, so it is what a task returns and what the driver merges;
 * {@link #average(long)} turns the sum into the next global state. With equal shards and plain SGD,
 * averaging after every step is exactly large-batch SGD over the union of the workers' batches.
 * A replica that saw no examples in a round adds nothing.
 */
public final class ParameterSum implements Serializable {

  private static final long serialVersionUID = 1L;

  private float[] params;
  private float[] updaterState;
  private long examples;
  private double lossSum;
  private int maxSteps;

  /** The neutral element: no replica added yet. */
  public static ParameterSum empty() {
    return new ParameterSum();
  }

  /**
   * Adds one replica's result.
   *
   * @param replicaParams the replica's flattened parameters after its local steps
   * @param replicaUpdater its flattened updater state (Adam's m and v, momentum), empty for SGD
   * @param replicaExamples examples it trained on in this round; 0 adds nothing
   * @param replicaLossSum sum over its batches of (mean batch loss x batch size)
   * @param steps mini-batch steps it took
   */
  public ParameterSum add(
      float[] replicaParams, float[] replicaUpdater, long replicaExamples, double replicaLossSum,
      int steps) {
    if (replicaExamples == 0) {
      return this;
    }
    params = accumulate(params, replicaParams, replicaExamples);
    updaterState = accumulate(updaterState, replicaUpdater, replicaExamples);
    examples += replicaExamples;
    lossSum += replicaLossSum;
    maxSteps = Math.max(maxSteps, steps);
    return this;
  }

  /** Folds another partial sum into this one (the combine step of an aggregate). */
  public ParameterSum merge(ParameterSum other) {
    if (other.examples == 0) {
      return this;
    }
    if (examples == 0) {
      return other;
    }
    addInto(params, other.params);
    addInto(updaterState, other.updaterState);
    examples += other.examples;
    lossSum += other.lossSum;
    maxSteps = Math.max(maxSteps, other.maxSteps);
    return this;
  }

  /**
   * The example-weighted mean of the parameters and updater state added so far, as the state every
   * replica starts the next round from.
   *
   * @param nextIteration the global iteration count after this round
   * @throws IllegalStateException if nothing was added
   */
  public GlobalState average(long nextIteration) {
    if (examples == 0) {
      throw new IllegalStateException("no replica trained on any example this round");
    }
    return new GlobalState(scaled(params), scaled(updaterState), nextIteration);
  }

  public long examples() {
    return examples;
  }

  /** Mean training loss per example over the round. */
  public double meanLoss() {
    return examples == 0 ? Double.NaN : lossSum / examples;
  }

  public int maxSteps() {
    return maxSteps;
  }

  private float[] scaled(float[] sum) {
    float[] mean = new float[sum.length];
    double inverse = 1.0 / examples;
    for (int i = 0; i < sum.length; i++) {
      mean[i] = (float) (sum[i] * inverse);
    }
    return mean;
  }

  private static float[] accumulate(float[] sum, float[] values, long weight) {
    float[] target = sum == null ? new float[values.length] : sum;
    if (target.length != values.length) {
      throw new IllegalArgumentException(
          "replica sizes differ: " + target.length + " vs " + values.length);
    }
    float w = weight;
    for (int i = 0; i < values.length; i++) {
      target[i] += w * values[i];
    }
    return target;
  }

  private static void addInto(float[] target, float[] values) {
    if (target.length != values.length) {
      throw new IllegalArgumentException(
          "replica sizes differ: " + target.length + " vs " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      target[i] += values[i];
    }
  }
}
