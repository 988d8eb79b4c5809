package io.sparktrain.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Nadam, Adam with Nesterov momentum (Dozat 2016, algorithm 2 with a constant momentum
 * schedule {@code mu_t = beta1}):
 *
 * <pre>
 *  m &lt;- beta1 * m + (1 - beta1) * g;    v &lt;- beta2 * v + (1 - beta2) * g^2
 *  mBar = beta1 * m / (1 - beta1^(t+1)) + (1 - beta1) * g / (1 - beta1^t)
 *  theta &lt;- theta - lr * mBar / (sqrt(v / (1 - beta2^t)) + epsilon)</pre>
 *
 * <p>State {@code M} and {@code V}. DL4J's {@code Nadam} divides by {@code sqrt(v)} without the
 * bias correction {@code 1 - beta2^t}, which makes its first steps about
 * {@code 1 / sqrt(1 - beta2)} (about 30 at beta2 = 0.999) times too large, and divides both
 * momentum terms by {@code 1 - beta1^t}.
 */
public final class BiasCorrectedNadam extends MomentUpdater {

  /** For JSON deserialisation only. */
  public BiasCorrectedNadam() {
    this(2e-3, 0.9, 0.999, 1e-8);
  }

  /** Arguments as {@link MomentUpdater}'s. */
  public BiasCorrectedNadam(double learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate, beta1, beta2, epsilon);
  }

  @Override
  protected List<String> stateNames() {
    return List.of("M", "V");
  }

  @Override
  protected void update(INDArray gradient, INDArray[] state, double lr, int t) {
    INDArray m = state[0];
    INDArray v = state[1];
    double beta1 = getBeta1();
    advanceMoments(m, v, gradient);
    INDArray denominator =
        Transforms.sqrt(v.div(correction(getBeta2(), t)), false).addi(getEpsilon());
    gradient.muli((1 - beta1) / correction(beta1, t))
        .addi(m.mul(beta1 / correction(beta1, t + 1))).muli(lr).divi(denominator);
  }

  @Override
  protected BiasCorrectedNadam copy() {
    return new BiasCorrectedNadam(getLearningRate(), getBeta1(), getBeta2(), getEpsilon());
  }
}
