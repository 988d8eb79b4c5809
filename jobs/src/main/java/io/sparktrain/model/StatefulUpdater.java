package io.sparktrain.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Base of sparktrain's own update rules: a learning rate with an optional schedule, and
 * per-parameter state arrays that lie side by side in DL4J's updater state view. Because the state
 * is in that view, the engine averages it and {@code model.zip} keeps it like Adam's moments.
 *
 * <p>Subclasses are beans with a no-arg constructor and plain fields: DL4J writes updaters to
 * JSON by class name and fields (model.zip, the configuration the engine sends its replicas).
 */
public abstract class StatefulUpdater implements IUpdater {

  private double learningRate;
  private ISchedule learningRateSchedule;

  protected StatefulUpdater(double learningRate) {
    this.learningRate = learningRate;
  }

  /** The state arrays' names, in the order they lie in the state view (Adam's M, V). */
  protected abstract List<String> stateNames();

  /**
   * Turns {@code gradient} into the update DL4J subtracts from the parameters, in place, and
   * advances the state.
   *
   * @param state the arrays named by {@link #stateNames()}, as long as the gradient
   * @param lr the learning rate of this step, schedule applied
   * @param t the 1-based step count (global iteration + 1), for bias corrections
   */
  protected abstract void update(INDArray gradient, INDArray[] state, double lr, int t);

  /** A copy with this rule's own fields; {@link #clone()} adds the rate and schedule. */
  protected abstract StatefulUpdater copy();

  /** Whether {@code other} is of this class with the same own fields (rate and schedule aside). */
  protected abstract boolean sameFields(StatefulUpdater other);

  public double getLearningRate() {
    return learningRate;
  }

  public ISchedule getLearningRateSchedule() {
    return learningRateSchedule;
  }

  @Override
  public long stateSize(long numParams) {
    return numParams * stateNames().size();
  }

  @Override
  public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
    StateUpdater updater = new StateUpdater(this);
    updater.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(),
        initializeViewArray);
    return updater;
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
    StateUpdater updater = new StateUpdater(this);
    updater.setState(state, initializeStateArrays);
    return updater;
  }

  @Override
  public double getLearningRate(int iteration, int epoch) {
    return learningRateSchedule == null ? learningRate
        : learningRateSchedule.valueAt(iteration, epoch);
  }

  @Override
  public boolean hasLearningRate() {
    return true;
  }

  @Override
  public void setLrAndSchedule(double lr, ISchedule schedule) {
    this.learningRate = lr;
    this.learningRateSchedule = schedule;
  }

  @Override
  public StatefulUpdater clone() {
    StatefulUpdater copy = copy();
    copy.setLrAndSchedule(learningRate,
        learningRateSchedule == null ? null : learningRateSchedule.clone());
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatefulUpdater u && u.getClass() == getClass()
        && u.learningRate == learningRate
        && Objects.equals(u.learningRateSchedule, learningRateSchedule) && sameFields(u);
  }

  @Override
  public int hashCode() {
    return Objects.hash(getClass(), learningRate, learningRateSchedule);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(learningRate=" + learningRate + ", schedule="
        + learningRateSchedule + ")";
  }
}
