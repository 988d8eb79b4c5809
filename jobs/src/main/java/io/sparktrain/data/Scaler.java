package io.sparktrain.data;

import io.sparktrain.spec.DataSpec.Scaling;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;

/**
 * Per-feature affine scaling {@code (x - shift) / scale}, fitted on the training split only so that
 * no statistic of the validation or test examples leaks into training.
 */
public final class Scaler implements Serializable {

  private static final long serialVersionUID = 1L;

  private final float[] shift;
  private final float[] scale;

  private Scaler(float[] shift, float[] scale) {
    this.shift = shift;
    this.scale = scale;
  }

  /**
   * Fits the scaling a spec asks for.
   *
   * @param knownRange the range every feature is known to lie in (pixels: 0..255), used by
   *     {@link Scaling#UNIT} instead of fitting per-feature extremes; null to fit them
   */
  public static Scaler fit(Scaling scaling, JavaRDD<Example> train, int numFeatures,
      float[] knownRange) {
    return switch (scaling) {
      // No per-feature arrays: a source of varying length (characters) has no fixed width.
      case NONE -> new Scaler(null, null);
      case UNIT -> knownRange != null
          ? uniform(numFeatures, knownRange[0], knownRange[1] - knownRange[0])
          : minMax(train.treeAggregate(FeatureStats.empty(numFeatures), FeatureStats::add,
              FeatureStats::merge));
      case STANDARDIZE -> standardize(train.treeAggregate(FeatureStats.empty(numFeatures),
          FeatureStats::add, FeatureStats::merge));
    };
  }

  /** The scaled copy of an example. */
  public Example apply(Example e) {
    if (shift == null) {
      return e;
    }
    float[] x = e.features();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (x[i] - shift[i]) / scale[i];
    }
    return e.withFeatures(y);
  }

  private static Scaler uniform(int n, float shift, float scale) {
    float[] shifts = new float[n];
    float[] scales = new float[n];
    java.util.Arrays.fill(shifts, shift);
    java.util.Arrays.fill(scales, scale == 0 ? 1 : scale);
    return new Scaler(shifts, scales);
  }

  private static Scaler minMax(FeatureStats s) {
    float[] shift = new float[s.min.length];
    float[] scale = new float[s.min.length];
    for (int i = 0; i < shift.length; i++) {
      shift[i] = (float) s.min[i];
      double range = s.max[i] - s.min[i];
      // A constant feature carries no information; leave it at 0 rather than divide by 0.
      scale[i] = range > 0 ? (float) range : 1f;
    }
    return new Scaler(shift, scale);
  }

  private static Scaler standardize(FeatureStats s) {
    float[] shift = new float[s.sum.length];
    float[] scale = new float[s.sum.length];
    for (int i = 0; i < shift.length; i++) {
      double mean = s.sum[i] / Math.max(1, s.count);
      double variance = s.sumOfSquares[i] / Math.max(1, s.count) - mean * mean;
      shift[i] = (float) mean;
      scale[i] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
    }
    return new Scaler(shift, scale);
  }

  /** Per-feature count, extremes and moments, merged across partitions. */
  static final class FeatureStats implements Serializable {
    private static final long serialVersionUID = 1L;
    long count;
    final double[] min;
    final double[] max;
    final double[] sum;
    final double[] sumOfSquares;

    private FeatureStats(int n) {
      min = new double[n];
      max = new double[n];
      sum = new double[n];
      sumOfSquares = new double[n];
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    static FeatureStats empty(int n) {
      return new FeatureStats(n);
    }

    FeatureStats add(Example e) {
      float[] x = e.features();
      for (int i = 0; i < x.length; i++) {
        min[i] = Math.min(min[i], x[i]);
        max[i] = Math.max(max[i], x[i]);
        sum[i] += x[i];
        sumOfSquares[i] += (double) x[i] * x[i];
      }
      count++;
      return this;
    }

    FeatureStats merge(FeatureStats o) {
      for (int i = 0; i < min.length; i++) {
        min[i] = Math.min(min[i], o.min[i]);
        max[i] = Math.max(max[i], o.max[i]);
        sum[i] += o.sum[i];
        sumOfSquares[i] += o.sumOfSquares[i];
      }
      count += o.count;
      return this;
    }
  }
}
