package io.sparktrain.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossHinge;
import org.nd4j.linalg.lossfunctions.impl.LossSquaredHinge;

/**
 * One-vs-rest hinge loss, plain or squared, over targets read as -1/+1: per example the sum over
 * the outputs of {@code max(0, 1 - y * output)} (squared: its square), as a linear SVM head per
 * class. DL4J's {@link LossHinge} and {@link LossSquaredHinge} compute exactly that but expect
 * targets of -1 and +1; the one-hot targets sparktrain's data gives (0 and 1) would make every
 * wrong class's term a constant 1 with no gradient. This maps a target {@code <= 0} to -1 and
 * {@code > 0} to +1 (as Keras's hinge does for 0/1 targets), then delegates.
 *
 * @param squared whether the hinge is squared
 */
public record PlusMinusHingeLoss(boolean squared) implements ILossFunction {

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    return hinge().computeScore(signed(labels), preOutput, activationFn, mask, average);
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask) {
    return hinge().computeScoreArray(signed(labels), preOutput, activationFn, mask);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    return hinge().computeGradient(signed(labels), preOutput, activationFn, mask);
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask, boolean average) {
    return hinge().computeGradientAndScore(signed(labels), preOutput, activationFn, mask,
        average);
  }

  private ILossFunction hinge() {
    return squared ? new LossSquaredHinge() : new LossHinge();
  }

  /** -1 where the target is &lt;= 0, +1 where it is &gt; 0. */
  static INDArray signed(INDArray labels) {
    return labels.gt(0).castTo(labels.dataType()).muli(2).subi(1);
  }

  @Override
  public String name() {
    return squared ? "squared-hinge" : "hinge";
  }
}
