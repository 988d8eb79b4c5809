package io.sparktrain.train;

import io.sparktrain.spec.PlateauSpec;
import java.io.Serializable;

/**
 * ReduceLROnPlateau between epochs (Keras's counting: the rate drops once {@code patience}
 * epochs in a row failed to improve on the best score by the relative threshold). Spark-free: it
 * only sees the monitored score and answers with the new rate multiple.
 */
final class PlateauRule {

  /**
   * What a checkpoint keeps so that a resumed run counts on.
   *
   * @param best best monitored score so far (NaN before the first epoch)
   * @param badEpochs epochs since the last improvement, cooldown epochs excluded
   * @param cooldownLeft epochs of cooldown left after the last reduction
   */
  record State(double best, int badEpochs, int cooldownLeft) implements Serializable {
    static final State INITIAL = new State(Double.NaN, 0, 0);
  }

  private final PlateauSpec spec;
  private State state;

  PlateauRule(PlateauSpec spec, State state) {
    this.spec = spec;
    this.state = state;
  }

  State state() {
    return state;
  }

  /**
   * Counts one epoch's score and says what the rate multiple becomes.
   *
   * @param scale the rate multiple in effect
   * @param baseRate the spec's rate (the multiple's unit), for {@code minRate}
   * @return the new multiple: {@code scale}, or lowered by {@code factor} down to
   *     {@code minRate / baseRate}
   */
  double afterEpoch(double score, double scale, double baseRate) {
    int bad = improves(score) ? 0 : state.badEpochs() + 1;
    double best = bad == 0 ? score : state.best();
    int cooldown = state.cooldownLeft();
    if (cooldown > 0) {
      cooldown--;
      bad = 0;
    }
    double next = scale;
    if (bad >= spec.patience()) {
      double floor = baseRate > 0 ? spec.minRate() / baseRate : 0;
      next = Math.max(scale * spec.factor(), floor);
      bad = 0;
      cooldown = spec.cooldown();
    }
    state = new State(best, bad, cooldown);
    return next;
  }

  private boolean improves(double score) {
    if (Double.isNaN(score)) {
      return false;
    }
    if (Double.isNaN(state.best())) {
      return true;
    }
    return spec.higherIsBetter()
        ? score > state.best() * (1 + spec.threshold())
        : score < state.best() * (1 - spec.threshold());
  }
}
