package io.sparktrain.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdaMod (Ding, Ren, Luo and Sun 2019, "An Adaptive and Momental Bound Method for Stochastic
 * Learning", algorithm 1): Adam whose per-parameter step size is capped by its own exponential
 * moving average, which tames the large steps Adam takes early on.
 *
 * <pre>
 *  m &lt;- beta1 * m + (1 - beta1) * g;    v &lt;- beta2 * v + (1 - beta2) * g^2
 *  eta = lr / (sqrt(v / (1 - beta2^t)) + epsilon)
 *  s &lt;- beta3 * s + (1 - beta3) * eta;    etaHat = min(eta, s)
 *  theta &lt;- theta - etaHat * m / (1 - beta1^t)</pre>
 *
 * <p>State {@code M}, {@code V} and {@code S} (the step caps), all starting at zero, all in DL4J's
 * updater state view: the engine averages the caps with the moments. This follows the paper's
 * algorithm; the authors' PyTorch code differs in folding {@code 1 / (1 - beta1^t)} into
 * {@code eta} before the average and putting epsilon on the uncorrected {@code sqrt(v)}.
 */
public final class AdaMod extends MomentUpdater {

  private double beta3;

  /** For JSON deserialisation only. */
  public AdaMod() {
    this(1e-3, 0.9, 0.999, 0.999, 1e-8);
  }

  /**
   * Arguments as {@link MomentUpdater}'s, and
   *
   * @param beta3 the decay of the step sizes' average that caps them, in [0, 1)
   */
  public AdaMod(double learningRate, double beta1, double beta2, double beta3, double epsilon) {
    super(learningRate, beta1, beta2, epsilon);
    this.beta3 = beta3;
  }

  public double getBeta3() {
    return beta3;
  }

  @Override
  protected List<String> stateNames() {
    return List.of("M", "V", "S");
  }

  @Override
  protected void update(INDArray gradient, INDArray[] state, double lr, int t) {
    INDArray m = state[0];
    INDArray v = state[1];
    INDArray cap = state[2];
    advanceMoments(m, v, gradient);
    INDArray eta = Transforms.sqrt(v.div(correction(getBeta2(), t)), false).addi(getEpsilon())
        .rdivi(lr);
    cap.muli(beta3).addi(eta.mul(1 - beta3));
    Transforms.min(eta, cap, false);
    gradient.assign(m).divi(correction(getBeta1(), t)).muli(eta);
  }

  @Override
  protected AdaMod copy() {
    return new AdaMod(getLearningRate(), getBeta1(), getBeta2(), beta3, getEpsilon());
  }

  @Override
  protected boolean sameOwnFields(MomentUpdater other) {
    return ((AdaMod) other).beta3 == beta3;
  }
}
