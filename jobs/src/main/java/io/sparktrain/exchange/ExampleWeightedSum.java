package io.sparktrain.exchange;

import java.io.Serializable;
import java.nio.FloatBuffer;

/**
 * The averaging rule, in one place: the next global state is the mean of the replicas' states
 * (parameters, then updater state, as one flat vector), each weighted by the examples the replica
 * trained on since the last average. A replica that saw no examples adds nothing. With equal
 * shards and plain SGD, averaging after every step is exactly large-batch SGD over the union of
 * the workers' batches.
 *
 * <p>Three forms of the same arithmetic, for the three ways a state travels:
 * <ul>
 *   <li>an object that tasks return and a Spark aggregate merges (engine v1):
 *       {@link #add}, {@link #merge}, {@link #average(int, int)}, with the loss and step tallies;
 *   <li>in place on a vector that a transport sums (engine v2 between executors):
 *       {@link #weigh} every replica's vector, sum them, {@link #divide} the sum;
 *   <li>by shares, chunk by chunk, straight from and into the replicas' native memory (engine v2
 *       within one JVM): {@link #shares}, then {@link #addShare} per replica and chunk.
 * </ul>
 * The first two round alike (products and sums in float, the division as a product with
 * {@code 1f / examples}); the third multiplies each replica by its share before summing, so it may
 * differ from them in the last bit.
 *
 * <p>Spark-free and serializable; not thread-safe (each task and each merge owns its instance).
 */
public final class ExampleWeightedSum implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Sum over replicas of examples x state; null until a replica with examples is added. */
  private float[] sum;
  private long examples;
  private double lossSum;
  private int maxSteps;

  /** The neutral element: no replica added yet. */
  public static ExampleWeightedSum empty() {
    return new ExampleWeightedSum();
  }

  /**
   * Adds one replica's result.
   *
   * @param state the replica's flat state after its local steps (read, never kept)
   * @param replicaExamples examples it trained on since the last average; 0 adds nothing
   * @param replicaLossSum sum over its batches of (mean batch loss x batch size)
   * @param steps mini-batch steps it took
   * @throws IllegalArgumentException if {@code state}'s length differs from earlier replicas'
   */
  public ExampleWeightedSum add(
      float[] state, long replicaExamples, double replicaLossSum, int steps) {
    if (replicaExamples == 0) {
      return this;
    }
    float[] target = sum == null ? new float[state.length] : sum;
    checkSizes(target, state);
    float weight = replicaExamples;
    for (int i = 0; i < state.length; i++) {
      target[i] += weight * state[i];
    }
    sum = target;
    examples += replicaExamples;
    lossSum += replicaLossSum;
    maxSteps = Math.max(maxSteps, steps);
    return this;
  }

  /**
   * Folds another partial sum into this one (the combine step of an aggregate); {@code other} is
   * not to be used afterwards.
   *
   * @throws IllegalArgumentException if the two sums' states differ in length
   */
  public ExampleWeightedSum merge(ExampleWeightedSum other) {
    if (other.examples == 0) {
      return this;
    }
    if (examples == 0) {
      return other;
    }
    checkSizes(sum, other.sum);
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.sum[i];
    }
    examples += other.examples;
    lossSum += other.lossSum;
    maxSteps = Math.max(maxSteps, other.maxSteps);
    return this;
  }

  /**
   * The example-weighted mean of elements {@code [from, to)} of the states added so far, as a new
   * array (parameters and updater state are asked for separately).
   *
   * @throws IllegalStateException if nothing was added
   */
  public float[] average(int from, int to) {
    if (examples == 0) {
      throw new IllegalStateException("no replica trained on any example this round");
    }
    float[] mean = new float[to - from];
    float inverse = 1f / examples;
    for (int i = 0; i < mean.length; i++) {
      mean[i] = sum[from + i] * inverse;
    }
    return mean;
  }

  /** Length of the states added so far; 0 when none was. */
  public int length() {
    return sum == null ? 0 : sum.length;
  }

  /** Examples over all replicas added. */
  public long examples() {
    return examples;
  }

  /** Sum of the replicas' loss sums. */
  public double lossSum() {
    return lossSum;
  }

  /** Mean training loss per example over the round; NaN when nothing was added. */
  public double meanLoss() {
    return examples == 0 ? Double.NaN : lossSum / examples;
  }

  /** The most steps any replica took. */
  public int maxSteps() {
    return maxSteps;
  }

  /**
   * One replica's term of the sum, in place: {@code state[0 .. length)} times its examples. Summing
   * the weighed vectors of every replica and then {@link #divide dividing} gives the average.
   */
  public static void weigh(float[] state, int length, long replicaExamples) {
    float weight = replicaExamples;
    for (int i = 0; i < length; i++) {
      state[i] *= weight;
    }
  }

  /**
   * Turns a sum of {@link #weigh weighed} states into their average, in place:
   * {@code sum[0 .. length)} divided by the examples over all replicas.
   */
  public static void divide(float[] sum, int length, float totalExamples) {
    float inverse = 1f / totalExamples;
    for (int i = 0; i < length; i++) {
      sum[i] *= inverse;
    }
  }

  /**
   * Each replica's share of the average, {@code examples[r] / total}, into {@code shares[r]}.
   *
   * @return the total examples
   */
  public static double shares(double[] replicaExamples, float[] shares) {
    double total = 0;
    for (double e : replicaExamples) {
      total += e;
    }
    for (int r = 0; r < replicaExamples.length; r++) {
      shares[r] = (float) (replicaExamples[r] / total);
    }
    return total;
  }

  /**
   * Adds one replica's share of a chunk of the average: {@code mean[0 .. n)} plus (or, for the
   * first replica, set to) {@code share} times {@code chunk[0 .. n)}.
   */
  public static void addShare(float[] mean, float[] chunk, int n, float share, boolean first) {
    if (first) {
      for (int i = 0; i < n; i++) {
        mean[i] = share * chunk[i];
      }
    } else {
      for (int i = 0; i < n; i++) {
        mean[i] += share * chunk[i];
      }
    }
  }

  /**
   * Averages floats {@code [from, to)} of every replica's state in place, where {@code views[r]}
   * is replica r's state as parts laid end to end, alike in every replica: each chunk's mean by
   * {@code shares}, added in replica order (the same bits whichever peer computes it), written
   * back into every replica. {@code chunk} and {@code mean} are the caller's scratch arrays, of
   * one length.
   */
  static void averageSlice(FloatBuffer[][] views, int from, int to, float[] shares,
      float[] chunk, float[] mean) {
    int partStart = 0;
    for (int part = 0; part < views[0].length && partStart < to; part++) {
      int partLength = views[0][part].capacity();
      int lo = Math.max(from, partStart) - partStart;
      int hi = Math.min(to, partStart + partLength) - partStart;
      for (int at = lo; at < hi; at += chunk.length) {
        int n = Math.min(chunk.length, hi - at);
        for (int r = 0; r < views.length; r++) {
          views[r][part].get(at, chunk, 0, n);
          addShare(mean, chunk, n, shares[r], r == 0);
        }
        for (FloatBuffer[] replica : views) {
          replica[part].put(at, mean, 0, n);
        }
      }
      partStart += partLength;
    }
  }

  private static void checkSizes(float[] sum, float[] state) {
    if (sum.length != state.length) {
      throw new IllegalArgumentException(
          "replica sizes differ: " + sum.length + " vs " + state.length);
    }
  }
}
