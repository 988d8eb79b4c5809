package io.sparktrain.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdaBelief (Zhuang et al. 2020, "AdaBelief Optimizer: Adapting Stepsizes by the Belief in
 * Observed Gradients", algorithm 2): Adam whose second moment is the variance of the gradient
 * around its moving average, the "belief".
 *
 * <pre>
 *  m &lt;- beta1 * m + (1 - beta1) * g;    s &lt;- beta2 * s + (1 - beta2) * (g - m)^2 + epsilon
 *  theta &lt;- theta - lr * (m / (1 - beta1^t)) / (sqrt(s / (1 - beta2^t)) + epsilon)</pre>
 *
 * <p>State {@code M} and {@code S}. DL4J 1.0.0-M2.1's {@code AdaBelief} cannot be used: its
 * {@code instantiate} flattens the state view and then halves the second dimension of the flat
 * shape, which throws, so no network with it ever initialises.
 */
public final class PaperAdaBelief extends MomentUpdater {

  /** For JSON deserialisation only. */
  public PaperAdaBelief() {
    this(1e-3, 0.9, 0.999, 1e-16);
  }

  /** Arguments as {@link MomentUpdater}'s; epsilon goes into the belief and its root. */
  public PaperAdaBelief(double learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate, beta1, beta2, epsilon);
  }

  @Override
  protected List<String> stateNames() {
    return List.of("M", "S");
  }

  @Override
  protected void update(INDArray gradient, INDArray[] state, double lr, int t) {
    INDArray m = state[0];
    INDArray belief = state[1];
    advanceMean(m, gradient);
    INDArray surprise = gradient.sub(m);
    belief.muli(getBeta2()).addi(surprise.muli(surprise).muli(1 - getBeta2()))
        .addi(getEpsilon());
    INDArray denominator =
        Transforms.sqrt(belief.div(correction(getBeta2(), t)), false).addi(getEpsilon());
    gradient.assign(m).muli(lr / correction(getBeta1(), t)).divi(denominator);
  }

  @Override
  protected PaperAdaBelief copy() {
    return new PaperAdaBelief(getLearningRate(), getBeta1(), getBeta2(), getEpsilon());
  }
}
