package io.sparktrain.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMSprop (Tieleman and Hinton 2012, lecture 6.5) in the form PyTorch and Keras use:
 *
 * <pre>  r &lt;- rho * r + (1 - rho) * g^2;    theta &lt;- theta - lr * g / (sqrt(r) + epsilon)</pre>
 *
 * <p>with the mean square {@code r} (state {@code R}) starting at zero. DL4J's {@code RmsProp}
 * starts it at epsilon, which changes the first steps measurably whenever epsilon is not tiny
 * next to the squared gradients.
 */
public final class ZeroStartRmsProp extends StatefulUpdater {

  private double rho;
  private double epsilon;

  /** For JSON deserialisation only. */
  public ZeroStartRmsProp() {
    this(1e-3, 0.9, 1e-8);
  }

  /**
   * @param learningRate the step size, &gt; 0
   * @param rho the mean square's decay, in [0, 1)
   * @param epsilon added to its root, &gt; 0
   */
  public ZeroStartRmsProp(double learningRate, double rho, double epsilon) {
    super(learningRate);
    this.rho = rho;
    this.epsilon = epsilon;
  }

  public double getRho() {
    return rho;
  }

  public double getEpsilon() {
    return epsilon;
  }

  @Override
  protected List<String> stateNames() {
    return List.of("R");
  }

  @Override
  protected void update(INDArray gradient, INDArray[] state, double lr, int t) {
    INDArray meanSquare = state[0];
    meanSquare.muli(rho).addi(gradient.mul(gradient).muli(1 - rho));
    gradient.muli(lr).divi(Transforms.sqrt(meanSquare, true).addi(epsilon));
  }

  @Override
  protected ZeroStartRmsProp copy() {
    return new ZeroStartRmsProp(getLearningRate(), rho, epsilon);
  }

  @Override
  protected boolean sameFields(StatefulUpdater other) {
    ZeroStartRmsProp o = (ZeroStartRmsProp) other;
    return o.rho == rho && o.epsilon == epsilon;
  }
}
