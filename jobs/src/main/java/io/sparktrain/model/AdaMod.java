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
public final class AdaMod extends StatefulUpdater {

  private double beta1;
  private double beta2;
  private double beta3;
  private double epsilon;

  /** For JSON deserialisation only. */
  public AdaMod() {
    this(1e-3, 0.9, 0.999, 0.999, 1e-8);
  }

  /**
   * @param learningRate the step size before the cap, &gt; 0
   * @param beta1 the first moment's decay, in [0, 1)
   * @param beta2 the second moment's decay, in [0, 1)
   * @param beta3 the decay of the step sizes' average that caps them, in [0, 1)
   * @param epsilon added to the root of the corrected second moment, &gt; 0
   */
  public AdaMod(double learningRate, double beta1, double beta2, double beta3, double epsilon) {
    super(learningRate);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.beta3 = beta3;
    this.epsilon = epsilon;
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
    advanceMoments(m, v, gradient, beta1, beta2);
    INDArray eta = Transforms.sqrt(v.div(1 - Math.pow(beta2, t)), false).addi(epsilon).rdivi(lr);
    cap.muli(beta3).addi(eta.mul(1 - beta3));
    Transforms.min(eta, cap, false);
    gradient.assign(m).divi(1 - Math.pow(beta1, t)).muli(eta);
  }

  @Override
  protected AdaMod copy() {
    return new AdaMod(getLearningRate(), beta1, beta2, beta3, epsilon);
  }

  @Override
  protected boolean sameFields(StatefulUpdater other) {
    AdaMod o = (AdaMod) other;
    return o.beta1 == beta1 && o.beta2 == beta2 && o.beta3 == beta3 && o.epsilon == epsilon;
  }
}
