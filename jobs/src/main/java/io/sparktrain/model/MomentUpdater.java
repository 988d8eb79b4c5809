package io.sparktrain.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the Adam family's rules of sparktrain's own (nadam, adabelief, adamod): a first moment
 * decaying by {@code beta1}, a second one (or AdaBelief's belief) by {@code beta2}, and
 * {@code epsilon} guarding the division.
 */
public abstract class MomentUpdater extends StatefulUpdater {

  private double beta1;
  private double beta2;
  private double epsilon;

  /**
   * @param learningRate the step size, &gt; 0
   * @param beta1 the first moment's decay, in [0, 1)
   * @param beta2 the second moment's decay, in [0, 1)
   * @param epsilon the denominator's guard, &gt; 0
   */
  protected MomentUpdater(double learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  public double getBeta1() {
    return beta1;
  }

  public double getBeta2() {
    return beta2;
  }

  public double getEpsilon() {
    return epsilon;
  }

  /** Advances the first moment {@code m} in place: {@code m <- beta1 * m + (1 - beta1) * g}. */
  protected void advanceMean(INDArray m, INDArray gradient) {
    m.muli(beta1).addi(gradient.mul(1 - beta1));
  }

  /**
   * Adam's moment estimates, advanced in place: {@code m} as {@link #advanceMean} and
   * {@code v <- beta2 * v + (1 - beta2) * g^2}.
   */
  protected void advanceMoments(INDArray m, INDArray v, INDArray gradient) {
    advanceMean(m, gradient);
    v.muli(beta2).addi(gradient.mul(gradient).muli(1 - beta2));
  }

  /** {@code 1 - beta^t}, the bias correction of a moment decaying by {@code beta}. */
  protected static double correction(double beta, int t) {
    return 1 - Math.pow(beta, t);
  }

  @Override
  protected boolean sameFields(StatefulUpdater other) {
    MomentUpdater o = (MomentUpdater) other;
    return o.beta1 == beta1 && o.beta2 == beta2 && o.epsilon == epsilon && sameOwnFields(o);
  }

  /** Whether {@code other}, of this class, has the same fields besides the betas and epsilon. */
  protected boolean sameOwnFields(MomentUpdater other) {
    return true;
  }
}
