package io.sparktrain.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Classic (heavy-ball) momentum, which DL4J does not offer: its {@code Nesterovs} is Nesterov's
 * look-ahead variant (Sutskever et al. 2013), a different update. This follows Polyak (1964) in
 * the form PyTorch's {@code SGD(momentum=mu)} uses:
 *
 * <pre>  v &lt;- mu * v + g;    theta &lt;- theta - lr * v</pre>
 *
 * <p>The velocity {@code v} (state {@code V}, one value per parameter) lives in the updater state
 * view, so the engine averages and checkpoints it with the rest of the updater state.
 */
public final class HeavyBallMomentum extends StatefulUpdater {

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
    super(learningRate);
    this.momentum = momentum;
  }

  public double getMomentum() {
    return momentum;
  }

  @Override
  protected List<String> stateNames() {
    return List.of("V");
  }

  @Override
  protected void update(INDArray gradient, INDArray[] state, double lr, int t) {
    INDArray velocity = state[0];
    velocity.muli(momentum).addi(gradient);
    gradient.assign(velocity).muli(lr);
  }

  @Override
  protected HeavyBallMomentum copy() {
    return new HeavyBallMomentum(getLearningRate(), momentum);
  }

  @Override
  protected boolean sameFields(StatefulUpdater other) {
    return ((HeavyBallMomentum) other).momentum == momentum;
  }
}
