package io.sparktrain.spec;

/**
 * ReduceLROnPlateau, as Keras and PyTorch define it: when the monitored validation score has not
 * improved by more than {@code threshold} (relative) for {@code patience} epochs, multiply the
 * learning rate by {@code factor}, then wait {@code cooldown} epochs before counting again, never
 * going below {@code minRate}. YAML: {@code training.reduceOnPlateau}.
 *
 * @param monitor the score watched; default validation-loss
 * @param mode whether lower or higher is better; default follows the monitor (loss: min,
 *     accuracy: max)
 * @param factor what the rate is multiplied by, in (0, 1); default 0.1
 * @param patience epochs without improvement before the rate is lowered, &gt;= 1; default 10
 * @param threshold relative improvement that counts, &gt;= 0: lower is better means below
 *     {@code best * (1 - threshold)}; default 1e-4
 * @param cooldown epochs after a reduction during which no epoch counts as bad, &gt;= 0; default 0
 * @param minRate the rate is never lowered below this, &gt;= 0; default 0
 */
public record PlateauSpec(Monitor monitor, Mode mode, double factor, int patience,
    double threshold, int cooldown, double minRate) {

  public static final double DEFAULT_FACTOR = 0.1;
  public static final int DEFAULT_PATIENCE = 10;
  public static final double DEFAULT_THRESHOLD = 1e-4;

  /** Which direction is an improvement. */
  public enum Mode {
    /** As the monitor says: min for a loss, max for an accuracy. */
    AUTO,
    MIN,
    MAX
  }

  public PlateauSpec {
    new Checks().required("monitor", monitor).required("mode", mode)
        .in(new Range(0, true, 1, true), "factor", factor)
        .in(Range.atLeast(1), "patience", patience)
        .in(Range.NON_NEGATIVE, "threshold", threshold)
        .in(Range.atLeast(0), "cooldown", cooldown)
        .in(Range.NON_NEGATIVE, "minRate", minRate)
        .throwIfAny("training.reduceOnPlateau");
  }

  /** Every field at its default. */
  public static PlateauSpec defaults() {
    return new PlateauSpec(Monitor.VALIDATION_LOSS, Mode.AUTO, DEFAULT_FACTOR, DEFAULT_PATIENCE,
        DEFAULT_THRESHOLD, 0, 0.0);
  }

  /** Whether a higher monitored value is better, {@code mode} applied. */
  public boolean higherIsBetter() {
    return mode == Mode.AUTO ? monitor.higherIsBetter() : mode == Mode.MAX;
  }
}
