package io.sparktrain.train;

import io.sparktrain.spec.EarlyStoppingSpec;
import java.io.Serializable;

/**
 * Early stopping between epochs: the run ends once {@code patience} epochs in a row failed to
 * beat the best monitored score by more than {@code minDelta}. Spark-free.
 */
final class EarlyStopRule {

  /**
   * What a checkpoint keeps so that a resumed run counts on.
   *
   * @param best best monitored score so far (NaN before the first epoch)
   * @param bestEpoch one-based epoch of that score; 0 before the first
   * @param badEpochs epochs since then
   */
  record State(double best, int bestEpoch, int badEpochs) implements Serializable {
    static final State INITIAL = new State(Double.NaN, 0, 0);
  }

  private final EarlyStoppingSpec spec;
  private State state;

  EarlyStopRule(EarlyStoppingSpec spec, State state) {
    this.spec = spec;
    this.state = state;
  }

  State state() {
    return state;
  }

  /**
   * Counts epoch {@code epoch} (one-based) with its score.
   *
   * @return whether this epoch is the new best
   */
  boolean afterEpoch(int epoch, double score) {
    boolean better = !Double.isNaN(score) && (Double.isNaN(state.best())
        || (spec.monitor().higherIsBetter() ? score > state.best() + spec.minDelta()
            : score < state.best() - spec.minDelta()));
    state = better ? new State(score, epoch, 0)
        : new State(state.best(), state.bestEpoch(), state.badEpochs() + 1);
    return better;
  }

  /** Whether the run should end now. */
  boolean exhausted() {
    return state.badEpochs() >= spec.patience();
  }
}
