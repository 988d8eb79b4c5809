package io.sparktrain.model;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Huber loss (Huber 1964), quadratic for small residuals and linear for large ones: per
 * output, with {@code r = output - label}, {@code r^2 / 2} where {@code |r| <= delta} and
 * {@code delta * (|r| - delta / 2)} beyond; per example the mean over the outputs, as DL4J's MSE
 * and MAE take it. DL4J has no Huber loss. A record, so DL4J's JSON writes it by its component.
 *
 * @param delta where the loss turns from quadratic to linear, &gt; 0
 */
public record HuberLoss(double delta) implements RowLoss {

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask) {
    INDArray residual = residual(labels, preOutput, activationFn);
    INDArray size = Transforms.abs(residual, true);
    INDArray clipped = Transforms.min(size, delta, true);
    // clipped * (|r| - clipped / 2): r^2 / 2 inside delta, delta * (|r| - delta / 2) outside.
    INDArray loss = size.subi(clipped.mul(0.5)).muli(clipped);
    if (mask != null) {
      LossUtil.applyMask(loss, mask);
    }
    return loss.sum(true, 1).divi(labels.size(1));
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    INDArray residual = residual(labels, preOutput, activationFn);
    INDArray dLda = Transforms.max(Transforms.min(residual, delta, false), -delta, false)
        .divi(labels.size(1));
    if (mask != null && LossUtil.isPerOutputMasking(dLda, mask)) {
      LossUtil.applyMask(dLda, mask);
    }
    INDArray gradient = activationFn.backprop(preOutput.dup(), dLda).getFirst();
    if (mask != null) {
      LossUtil.applyMask(gradient, mask);
    }
    return gradient;
  }

  private static INDArray residual(INDArray labels, INDArray preOutput,
      IActivation activationFn) {
    INDArray output = activationFn.getActivation(preOutput.dup(), true);
    return output.subi(labels.castTo(preOutput.dataType()));
  }

  @Override
  public String name() {
    return "huber";
  }
}
