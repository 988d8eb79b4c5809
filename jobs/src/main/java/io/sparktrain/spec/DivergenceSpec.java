package io.sparktrain.spec;

/**
 * What a run does when the training loss becomes NaN or infinite. YAML:
 * {@code training.onDivergence: stop | rollback} and {@code training.maxRollbacks}.
 *
 * @param action stop (exit 4, the default) or roll back to the last good checkpoint
 * @param maxRollbacks rollbacks allowed in a run before it stops with exit 4, &gt;= 1; default 3
 */
public record DivergenceSpec(Action action, int maxRollbacks) {

  public static final int DEFAULT_MAX_ROLLBACKS = 3;

  /** The response to a diverged epoch. */
  public enum Action {
    /** Fail the run (exit 4). */
    STOP,
    /**
     * Train the epoch again from the state after the last good epoch with half the learning
     * rate, at most {@code maxRollbacks} times in a run.
     */
    ROLLBACK
  }

  public DivergenceSpec {
    new Checks().required("onDivergence", action)
        .in(Range.atLeast(1), "maxRollbacks", maxRollbacks)
        .throwIfAny("training");
  }

  public static DivergenceSpec stop() {
    return new DivergenceSpec(Action.STOP, DEFAULT_MAX_ROLLBACKS);
  }
}
