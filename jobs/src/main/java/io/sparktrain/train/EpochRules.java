package io.sparktrain.train;

import io.sparktrain.spec.DivergenceSpec;
import io.sparktrain.spec.Monitor;
import io.sparktrain.spec.TrainingException;
import io.sparktrain.spec.TrainingSpec;
import io.sparktrain.spec.YamlNames;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules the driver applies between epochs: ReduceLROnPlateau, early stopping and the
 * divergence rollback. Their counters travel in the checkpoint ({@link State}), so a resumed run
 * decides as the uninterrupted one would have.
 */
public final class EpochRules {

  /**
   * Everything the rules remember, as the checkpoint stores it.
   *
   * @param rateScale learning-rate multiple in effect (of the spec's rates)
   * @param plateau ReduceLROnPlateau's counters
   * @param stopping early stopping's counters
   * @param rollbacks divergence rollbacks so far
   */
  public record State(double rateScale, PlateauRule.State plateau, EarlyStopRule.State stopping,
      int rollbacks) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static State initial() {
      return initial(1.0);
    }

    /** A run's first state, training at {@code rateScale} times the spec's rates. */
    public static State initial(double rateScale) {
      return new State(rateScale, PlateauRule.State.INITIAL, EarlyStopRule.State.INITIAL, 0);
    }
  }

  /**
   * What the trainer does after an epoch.
   *
   * @param rateScale the learning-rate multiple for the next epoch
   * @param newBest whether this epoch is early stopping's best so far (keep its weights)
   * @param stop whether the run ends after this epoch
   * @param notices console lines that say what changed and why
   */
  public record Decision(double rateScale, boolean newBest, boolean stop, List<String> notices) {}

  /**
   * Why early stopping ended a run, for run.json.
   *
   * @param epoch the one-based epoch after which it stopped, of {@code epochs} planned
   * @param monitor the score watched, as YAML names it
   * @param value its value at {@code epoch}
   * @param bestEpoch the epoch of the best value; @param best that value
   * @param badEpochs epochs in a row without an improvement of more than {@code minDelta}
   */
  public record Stop(int epoch, int epochs, String monitor, double value, int bestEpoch,
      double best, int badEpochs, double minDelta) {

    /** The reason in words. */
    public String reason() {
      return String.format(java.util.Locale.ROOT, "%s has not improved by more than %s for %d "
          + "epochs (patience)", monitor.replace('-', ' '), minDelta, badEpochs);
    }
  }

  private final TrainingSpec spec;
  private final double baseRate;
  private final PlateauRule plateau;
  private final EarlyStopRule stopping;
  private double rateScale;
  private int rollbacks;
  private Stop stopped;

  /**
   * @param baseRate the optimizer's learning rate at the run's start, for console lines and
   *     {@code minRate}; NaN for an optimizer without one
   * @param state where a resumed run left off, or {@link State#initial()}
   */
  public EpochRules(TrainingSpec spec, double baseRate, State state) {
    this.spec = spec;
    this.baseRate = baseRate;
    this.plateau = spec.reduceOnPlateau() == null ? null
        : new PlateauRule(spec.reduceOnPlateau(), state.plateau());
    this.stopping = spec.earlyStopping() == null ? null
        : new EarlyStopRule(spec.earlyStopping(), state.stopping());
    this.rateScale = state.rateScale();
    this.rollbacks = state.rollbacks();
  }

  public State state() {
    return new State(rateScale, plateau == null ? PlateauRule.State.INITIAL : plateau.state(),
        stopping == null ? EarlyStopRule.State.INITIAL : stopping.state(), rollbacks);
  }

  public double rateScale() {
    return rateScale;
  }

  /** Whether the run ends with the best epoch's weights rather than the last's. */
  public boolean restoresBest() {
    return stopping != null && spec.earlyStopping().restoreBest();
  }

  /** One-based epoch of early stopping's best score; 0 when none or no epoch yet. */
  public int bestEpoch() {
    return stopping == null ? 0 : stopping.state().bestEpoch();
  }

  /** Counts epoch {@code epoch} (one-based) with its validation loss and accuracy. */
  public Decision afterEpoch(int epoch, double validationLoss, double validationAccuracy) {
    return afterEpoch(epoch, java.util.Map.of("loss", validationLoss,
        "accuracy", validationAccuracy));
  }

  /**
   * Counts epoch {@code epoch} (one-based) with its validation scores by name
   * ({@link EvalResult#scores()}); a monitored score that is missing counts as NaN (no
   * improvement).
   */
  public Decision afterEpoch(int epoch, java.util.Map<String, Double> scores) {
    List<String> notices = new ArrayList<>();
    if (plateau != null) {
      Monitor monitor = spec.reduceOnPlateau().monitor();
      double next = plateau.afterEpoch(score(monitor, scores),
          rateScale, baseRate);
      if (next != rateScale) {
        notices.add(String.format("epoch %d: %s has not improved for %d epochs: learning rate "
            + "%.3g -> %.3g", epoch, name(monitor), spec.reduceOnPlateau().patience(),
            baseRate * rateScale, baseRate * next));
        rateScale = next;
      }
    }
    boolean newBest = false;
    boolean stop = false;
    if (stopping != null) {
      Monitor monitor = spec.earlyStopping().monitor();
      double value = score(monitor, scores);
      newBest = stopping.afterEpoch(epoch, value);
      stop = stopping.exhausted() && epoch < spec.epochs();
      if (stop) {
        EarlyStopRule.State s = stopping.state();
        stopped = new Stop(epoch, spec.epochs(), YamlNames.of(monitor), value, s.bestEpoch(),
            s.best(), s.badEpochs(), spec.earlyStopping().minDelta());
        notices.add(String.format("early stopping after epoch %d of %d: %s has not improved by "
            + "more than %s for %d epochs; best %.4f at epoch %d%s", epoch, spec.epochs(),
            name(monitor), spec.earlyStopping().minDelta(), s.badEpochs(), s.best(),
            s.bestEpoch(), restoresBest() ? ", whose weights the model keeps" : ""));
      }
    }
    return new Decision(rateScale, newBest, stop, List.copyOf(notices));
  }

  /**
   * Counts a diverged epoch: the new rate multiple (half the last) when another rollback is
   * allowed.
   *
   * @throws DivergedException {@code diverged} itself when the spec says stop, or the rollbacks
   *     are used up
   */
  public double rollBack(DivergedException diverged) {
    DivergenceSpec divergence = spec.divergence();
    if (divergence.action() != DivergenceSpec.Action.ROLLBACK) {
      throw diverged;
    }
    if (rollbacks >= divergence.maxRollbacks()) {
      throw new TrainingException(diverged.getMessage() + " (after "
          + rollbacks + " rollbacks, training.maxRollbacks)", diverged);
    }
    rollbacks++;
    rateScale /= 2;
    return rateScale;
  }

  /** Whether a diverged epoch is trained again rather than ending the run. */
  public boolean rollsBack() {
    return spec.divergence().action() == DivergenceSpec.Action.ROLLBACK;
  }

  public int rollbacks() {
    return rollbacks;
  }

  private static double score(Monitor monitor, java.util.Map<String, Double> scores) {
    return scores.getOrDefault(monitor.score(), Double.NaN);
  }

  /** Why early stopping ended the run; null while it has not. */
  public Stop stopped() {
    return stopped;
  }

  private static String name(Monitor monitor) {
    return YamlNames.of(monitor).replace('-', ' ');
  }
}
