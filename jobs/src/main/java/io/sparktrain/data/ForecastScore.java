package io.sparktrain.data;

/**
 * How well one-step forecasts of a series do, against the persistence baseline that forecasts
 * each step as the one before it (the "naive" forecast a model must beat to be worth anything,
 * Hyndman and Athanasopoulos, Forecasting: Principles and Practice, ch. 5.2).
 *
 * @param rmse root mean squared error of the forecasts
 * @param persistenceRmse root mean squared error of the persistence forecasts of the same steps
 */
public record ForecastScore(double rmse, double persistenceRmse) {

  /**
   * Scores forecasts of the windows' targets.
   *
   * @param windows rows as {@link TimeSeries#windows} makes them: inputs, then the target last
   * @param forecasts one forecast per window
   * @throws IllegalArgumentException if the counts differ or there are none
   */
  public static ForecastScore of(double[][] windows, double[] forecasts) {
    if (windows.length == 0 || windows.length != forecasts.length) {
      throw new IllegalArgumentException(forecasts.length + " forecasts for " + windows.length
          + " windows");
    }
    double model = 0;
    double persistence = 0;
    for (int i = 0; i < windows.length; i++) {
      double[] w = windows[i];
      double target = w[w.length - 1];
      model += square(forecasts[i] - target);
      persistence += square(w[w.length - 2] - target);
    }
    return new ForecastScore(Math.sqrt(model / windows.length),
        Math.sqrt(persistence / windows.length));
  }

  /** Whether the forecasts beat persistence: a lower RMSE. */
  public boolean beatsPersistence() {
    return rmse < persistenceRmse;
  }

  private static double square(double v) {
    return v * v;
  }
}
