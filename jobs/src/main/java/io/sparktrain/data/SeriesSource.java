package io.sparktrain.data;

import io.sparktrain.spec.DataSource;
import io.sparktrain.spec.DataSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A series as forecasting examples: every window of {@link #window} steps, its target the step
 * after it. Split in time, never at random: overlapping windows would otherwise put almost every
 * test window's values in the training set. The first windows train, the next
 * {@code validationFraction} of the rest validate, the last {@code testFraction} of all test.
 *
 * <p>Each window is anchored at its last value: the inputs are {@code (v_i - v_last) / level},
 * the target {@code (v_next - v_last) / change}. A forecaster of the change does not extrapolate
 * a level it never saw (CO2 rises past every training value), and persistence, the baseline a
 * forecast must beat, is the prediction 0, so the test's {@code zeroPredictorRmse} is its RMSE.
 * {@code level} is the standard deviation of the values the training windows cover, {@code change}
 * the root mean square of their one-step changes (persistence's RMSE on the training windows is
 * 1 in these units). Both come from the training part only.
 */
final class SeriesSource {

  private SeriesSource() {}

  /**
   * Steps per window: two 11-year sunspot cycles; half a year of weekly CO2 readings (the
   * seasonal cycle's phase shows in its shape; 52 weeks trained at 5 windows/s on the loaded
   * 2-core VM, too slow for the SameDiff GRU, which unrolls every step).
   */
  static int window(DataSource source) {
    return switch (source) {
      case SUNSPOTS -> 22;
      case CO2 -> 26;
      default -> throw new IllegalArgumentException("not a series: " + source);
    };
  }

  /** One target per window, the next step: the data's "classes" are its one output. */
  static RawSource read(JavaSparkContext sc, Path file, DataSource source, DataSpec spec) {
    Windows w = windows(TimeSeries.read(file).interpolated(), window(source),
        spec.validationFraction(), spec.testFraction());
    return new RawSource(sc.parallelize(w.train(), 1), sc.parallelize(w.test(), 1),
        sc.parallelize(w.validation(), 1), window(source), 1, null, null,
        List.of(file.toUri().toString()));
  }

  /** The three splits of a series' windows, in time order, and the scales they were read in. */
  record Windows(List<Example> train, List<Example> validation, List<Example> test,
      double level, double change) {}

  /**
   * @throws io.sparktrain.spec.DataException if the series is too short for one training
   *     window
   */
  static Windows windows(TimeSeries series, int length, double validationFraction,
      double testFraction) {
    double[] v = series.values();
    int n = v.length - length;
    int test = (int) Math.round(n * testFraction);
    int validation = (int) Math.round((n - test) * validationFraction);
    int train = n - test - validation;
    if (train < 1) {
      throw new io.sparktrain.spec.DataException("data: a series of " + v.length
          + " steps leaves no training window of " + length + " steps");
    }
    // The training windows cover values[0 .. train + length - 1], their targets included.
    int covered = train + length;
    double level = standardDeviation(v, covered);
    double change = rmsChange(v, covered);
    List<List<Example>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < n; i++) {
      float[] inputs = new float[length];
      double last = v[i + length - 1];
      for (int j = 0; j < length; j++) {
        inputs[j] = (float) ((v[i + j] - last) / level);
      }
      float[] target = {(float) ((v[i + length] - last) / change)};
      parts.get(i < train ? 0 : i < train + validation ? 1 : 2)
          .add(new Example(i, inputs, -1, target));
    }
    return new Windows(parts.get(0), parts.get(1), parts.get(2), level, change);
  }

  private static double standardDeviation(double[] v, int count) {
    double mean = 0;
    for (int i = 0; i < count; i++) {
      mean += v[i] / count;
    }
    double squares = 0;
    for (int i = 0; i < count; i++) {
      squares += (v[i] - mean) * (v[i] - mean);
    }
    return Math.sqrt(squares / count);
  }

  private static double rmsChange(double[] v, int count) {
    double squares = 0;
    for (int i = 1; i < count; i++) {
      squares += (v[i] - v[i - 1]) * (v[i] - v[i - 1]);
    }
    return Math.sqrt(squares / (count - 1));
  }
}
