package io.sparktrain.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Applies {@link HeavyBallMomentum} to one block of parameters. DL4J calls
 * {@link #applyUpdater} with the gradient and subtracts what it leaves in that array from the
 * parameters, so the gradient is overwritten with {@code lr * v}.
 */
public final class HeavyBallMomentumUpdater implements GradientUpdater<HeavyBallMomentum> {

  /** Name of the velocity in {@link #getState()}. */
  public static final String VELOCITY = "V";

  private final HeavyBallMomentum config;
  private INDArray velocity;

  public HeavyBallMomentumUpdater(HeavyBallMomentum config) {
    this.config = config;
  }

  @Override
  public HeavyBallMomentum getConfig() {
    return config;
  }

  @Override
  public void setState(Map<String, INDArray> state, boolean initialize) {
    INDArray v = state.get(VELOCITY);
    if (state.size() != 1 || v == null) {
      throw new IllegalStateException("heavy-ball state must hold only " + VELOCITY
          + ", found " + state.keySet());
    }
    this.velocity = initialize ? v.assign(0) : v;
  }

  @Override
  public Map<String, INDArray> getState() {
    return Map.of(VELOCITY, velocity);
  }

  @Override
  public void setStateViewArray(INDArray view, long[] gradientShape, char order,
      boolean initialize) {
    if (initialize) {
      view.assign(0);
    }
    // A reshape of the contiguous view is itself a view: updates land in the shared state array.
    this.velocity = view.reshape(order, gradientShape);
  }

  @Override
  public void applyUpdater(INDArray gradient, int iteration, int epoch) {
    if (velocity == null) {
      throw new IllegalStateException("updater state view was never set");
    }
    double lr = config.getLearningRate(iteration, epoch);
    velocity.muli(config.getMomentum()).addi(gradient);
    gradient.assign(velocity).muli(lr);
  }
}
