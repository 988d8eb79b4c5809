package io.sparktrain.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Multi-class cross-entropy against smoothed targets (Szegedy et al. 2016, "Rethinking the
 * Inception Architecture", section 7): each target {@code y} becomes
 * {@code (1 - smoothing) * y + smoothing / K} for K classes, and DL4J's {@link LossMCXENT} takes it
 * from there (with softmax its gradient is {@code softmax(z) - y'}). DL4J has no label smoothing.
 * A record, so DL4J's JSON writes it by its component.
 *
 * @param smoothing the share of each target spread over the classes, in [0, 1)
 */
public record LabelSmoothingLoss(double smoothing) implements ILossFunction {

  private static final LossMCXENT CROSS_ENTROPY = new LossMCXENT();

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    return CROSS_ENTROPY.computeScore(smoothed(labels), preOutput, activationFn, mask, average);
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask) {
    return CROSS_ENTROPY.computeScoreArray(smoothed(labels), preOutput, activationFn, mask);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    return CROSS_ENTROPY.computeGradient(smoothed(labels), preOutput, activationFn, mask);
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask, boolean average) {
    return CROSS_ENTROPY.computeGradientAndScore(smoothed(labels), preOutput, activationFn, mask,
        average);
  }

  /** The targets with {@code smoothing} of their mass spread evenly over the classes. */
  INDArray smoothed(INDArray labels) {
    return labels.mul(1 - smoothing).addi(smoothing / labels.size(1));
  }

  @Override
  public String name() {
    return "mcxent-label-smoothing";
  }
}
