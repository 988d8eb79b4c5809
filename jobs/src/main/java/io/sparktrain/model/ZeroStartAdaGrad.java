package io.sparktrain.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdaGrad (Duchi, Hazan and Singer 2011) as the paper and PyTorch define it:
 *
 * <pre>  G &lt;- G + g^2;    theta &lt;- theta - lr * g / (sqrt(G) + epsilon)</pre>
 *
 * <p>with the accumulator {@code G} (state {@code G}) starting at zero. DL4J's {@code AdaGrad}
 * starts it at epsilon instead, which moves the first steps by up to half a percent at its default
 * epsilon and far more at larger ones, and its {@code clone()} drops the learning-rate schedule,
 * which DL4J's configuration builder clones into every layer.
 */
public final class ZeroStartAdaGrad extends StatefulUpdater {

  private double epsilon;

  /** For JSON deserialisation only. */
  public ZeroStartAdaGrad() {
    this(0.01, 1e-10);
  }

  /**
   * @param learningRate the step size, &gt; 0
   * @param epsilon added to the root of the accumulator, &gt; 0
   */
  public ZeroStartAdaGrad(double learningRate, double epsilon) {
    super(learningRate);
    this.epsilon = epsilon;
  }

  public double getEpsilon() {
    return epsilon;
  }

  @Override
  protected List<String> stateNames() {
    return List.of("G");
  }

  @Override
  protected void update(INDArray gradient, INDArray[] state, double lr, int t) {
    INDArray sum = state[0];
    sum.addi(gradient.mul(gradient));
    gradient.muli(lr).divi(Transforms.sqrt(sum, true).addi(epsilon));
  }

  @Override
  protected ZeroStartAdaGrad copy() {
    return new ZeroStartAdaGrad(getLearningRate(), epsilon);
  }

  @Override
  protected boolean sameFields(StatefulUpdater other) {
    return ((ZeroStartAdaGrad) other).epsilon == epsilon;
  }
}
