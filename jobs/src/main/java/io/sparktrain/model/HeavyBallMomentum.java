package io.sparktrain.model;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Classic (heavy-ball) momentum, which DL4J does not offer: its {@code Nesterovs} is Nesterov's
 * look-ahead variant (Sutskever et al. 2013), a different update. This follows Polyak (1964) in
 * the form PyTorch's {@code SGD(momentum=mu)} uses:
 *
 * <pre>  v &lt;- mu * v + g;    theta &lt;- theta - lr * v</pre>
 *
 * <p>The velocity {@code v} lives in the updater state view (one value per parameter), so the
 * engine averages and checkpoints it with the rest of the updater state. A bean with a no-arg
 * constructor because DL4J serialises updaters to JSON by class name and properties.
 */
public final class HeavyBallMomentum implements IUpdater {

  private double learningRate;
  private ISchedule learningRateSchedule;
  private double momentum;

  /** For JSON deserialisation only. */
  public HeavyBallMomentum() {
    this(0.1, 0.9);
  }

  /**
   * @param learningRate the step size, &gt; 0
   * @param momentum the velocity's decay {@code mu}, in [0, 1)
   */
  public HeavyBallMomentum(double learningRate, double momentum) {
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  public double getLearningRate() {
    return learningRate;
  }

  public void setLearningRate(double learningRate) {
    this.learningRate = learningRate;
  }

  public ISchedule getLearningRateSchedule() {
    return learningRateSchedule;
  }

  public void setLearningRateSchedule(ISchedule learningRateSchedule) {
    this.learningRateSchedule = learningRateSchedule;
  }

  public double getMomentum() {
    return momentum;
  }

  public void setMomentum(double momentum) {
    this.momentum = momentum;
  }

  @Override
  public long stateSize(long numParams) {
    return numParams;
  }

  @Override
  public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
    HeavyBallMomentumUpdater updater = new HeavyBallMomentumUpdater(this);
    long[] shape = viewArray.shape();
    updater.setStateViewArray(viewArray, shape, viewArray.ordering(), initializeViewArray);
    return updater;
  }

  @Override
  public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
    HeavyBallMomentumUpdater updater = new HeavyBallMomentumUpdater(this);
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
  public HeavyBallMomentum clone() {
    HeavyBallMomentum copy = new HeavyBallMomentum(learningRate, momentum);
    copy.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeavyBallMomentum h && h.learningRate == learningRate
        && h.momentum == momentum && Objects.equals(h.learningRateSchedule, learningRateSchedule);
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, momentum, learningRateSchedule);
  }

  @Override
  public String toString() {
    return "HeavyBallMomentum(learningRate=" + learningRate + ", momentum=" + momentum
        + ", schedule=" + learningRateSchedule + ")";
  }
}
