package io.sparktrain.spec;

/**
 * Early stopping: the run ends once the monitored validation score has not improved by more than
 * {@code minDelta} (absolute) for {@code patience} epochs, and with {@code restoreBest} its model
 * is the best epoch's. YAML: {@code training.earlyStopping}.
 *
 * @param monitor the score watched; default validation-loss (lower is better; accuracy: higher)
 * @param minDelta smallest change that counts as an improvement, &gt;= 0; default 0
 * @param patience epochs without improvement before the run stops, &gt;= 1; default 5
 * @param restoreBest whether the run ends with the best epoch's weights (model.zip and the test
 *     evaluation); default true
 */
public record EarlyStoppingSpec(Monitor monitor, double minDelta, int patience,
    boolean restoreBest) {

  public static final int DEFAULT_PATIENCE = 5;

  public EarlyStoppingSpec {
    new Checks().required("monitor", monitor)
        .in(Range.NON_NEGATIVE, "minDelta", minDelta)
        .in(Range.atLeast(1), "patience", patience)
        .throwIfAny("training.earlyStopping");
  }

  /** Every field at its default. */
  public static EarlyStoppingSpec defaults() {
    return new EarlyStoppingSpec(Monitor.VALIDATION_LOSS, 0.0, DEFAULT_PATIENCE, true);
  }
}
