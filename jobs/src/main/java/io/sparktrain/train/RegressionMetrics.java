package io.sparktrain.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regression scores over one or several real-valued outputs: RMSE, MAE and R² (the coefficient of
 * determination, {@code 1 - SSE/SST} per output, averaged over the outputs as scikit-learn's
 * {@code r2_score} does by default), and the RMSE of the mean predictor, the baseline a model
 * must beat: predicting every example's target as the mean of the evaluated split (the mean of
 * the training split would do slightly worse, so this baseline is the harder one), and the RMSE
 * of predicting 0 everywhere (for a series forecast as the change from its last step, the
 * persistence baseline). RMSE and MAE pool every output of every example.
 */
public final class RegressionMetrics implements TargetMetrics {

  private static final long serialVersionUID = 1L;

  private long n;
  private final double[] sum;
  private final double[] sumSquares;
  private final double[] squaredError;
  private final double[] absoluteError;

  /** @param outputs target values per example, &gt;= 1 */
  public RegressionMetrics(int outputs) {
    sum = new double[outputs];
    sumSquares = new double[outputs];
    squaredError = new double[outputs];
    absoluteError = new double[outputs];
  }

  @Override
  public void add(float[] target, float[] output) {
    n++;
    for (int j = 0; j < sum.length; j++) {
      double y = target[j];
      double e = output[j] - y;
      sum[j] += y;
      sumSquares[j] += y * y;
      squaredError[j] += e * e;
      absoluteError[j] += Math.abs(e);
    }
  }

  @Override
  public TargetMetrics merge(TargetMetrics other) {
    RegressionMetrics o = (RegressionMetrics) other;
    n += o.n;
    for (int j = 0; j < sum.length; j++) {
      sum[j] += o.sum[j];
      sumSquares[j] += o.sumSquares[j];
      squaredError[j] += o.squaredError[j];
      absoluteError[j] += o.absoluteError[j];
    }
    return this;
  }

  @Override
  public Map<String, Double> values() {
    double sse = 0;
    double sae = 0;
    double sst = 0;
    double r2 = 0;
    for (int j = 0; j < sum.length; j++) {
      double total = sumSquares[j] - sum[j] * sum[j] / n;
      sse += squaredError[j];
      sae += absoluteError[j];
      sst += total;
      r2 += 1 - squaredError[j] / total;
    }
    double values = (double) n * sum.length;
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("rmse", n == 0 ? Double.NaN : Math.sqrt(sse / values));
    scores.put("mae", n == 0 ? Double.NaN : sae / values);
    scores.put("r2", n == 0 ? Double.NaN : r2 / sum.length);
    scores.put("meanPredictorRmse", n == 0 ? Double.NaN : Math.sqrt(Math.max(0, sst) / values));
    double squares = 0;
    for (double s : sumSquares) {
      squares += s;
    }
    // A forecast of the change from the last step scores persistence here (data.SeriesSource).
    scores.put("zeroPredictorRmse", n == 0 ? Double.NaN : Math.sqrt(squares / values));
    return scores;
  }
}
