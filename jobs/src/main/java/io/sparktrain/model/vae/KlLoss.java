package io.sparktrain.model.vae;

import io.sparktrain.model.RowLoss;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The KL divergence of a diagonal Gaussian posterior {@code N(mu, exp(logVar))} from the standard
 * normal prior, per example {@code -1/2 sum(1 + logVar - mu^2 - exp(logVar))} (Kingma and Welling
 * 2014, appendix B), read from the activation {@code [mu | logVar]} of the layer's input. The
 * labels are not read (the graph gives this output the reconstruction's targets). Masks are not
 * supported. No parameters, so DL4J's JSON writes it by its class alone.
 */
public final class KlLoss implements RowLoss {

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask) {
    INDArray a = activationFn.getActivation(preOutput.dup(), true);
    INDArray mu = half(a, 0);
    INDArray logVar = half(a, 1);
    INDArray terms = Transforms.exp(logVar, true).addi(mu.mul(mu)).subi(logVar).subi(1.0);
    return terms.sum(true, 1).muli(0.5);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    INDArray a = activationFn.getActivation(preOutput.dup(), true);
    INDArray mu = half(a, 0);
    INDArray dLogVar = Transforms.exp(half(a, 1), true).subi(1.0).muli(0.5);
    INDArray dLda = org.nd4j.linalg.factory.Nd4j.hstack(mu, dLogVar);
    return activationFn.backprop(preOutput.dup(), dLda).getFirst();
  }

  /** The first ({@code which} 0, the means) or second half of the columns, copied. */
  static INDArray half(INDArray a, int which) {
    long k = a.size(1) / 2;
    return a.get(NDArrayIndex.all(), NDArrayIndex.interval(which * k, (which + 1) * k)).dup();
  }

  @Override
  public String name() {
    return "kl";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KlLoss;
  }

  @Override
  public int hashCode() {
    return KlLoss.class.hashCode();
  }
}
