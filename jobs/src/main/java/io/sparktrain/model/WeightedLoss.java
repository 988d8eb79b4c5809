package io.sparktrain.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A loss times a constant: one output's share of a graph's total loss ({@code lossWeight}).
 * DL4J sums its outputs' losses with equal weights and has no per-output weight; scaling score and
 * gradient alike gives the weighted sum. A record, so DL4J's JSON writes it by its components.
 *
 * @param loss the output's own loss
 * @param weight its weight in the sum, &gt; 0
 */
public record WeightedLoss(ILossFunction loss, double weight) implements ILossFunction {

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    return weight * loss.computeScore(labels, preOutput, activationFn, mask, average);
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask) {
    return loss.computeScoreArray(labels, preOutput, activationFn, mask).muli(weight);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    return loss.computeGradient(labels, preOutput, activationFn, mask).muli(weight);
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask, boolean average) {
    Pair<Double, INDArray> both =
        loss.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
    return new Pair<>(weight * both.getFirst(), both.getSecond().muli(weight));
  }

  @Override
  public String name() {
    return loss.name() + "*" + weight;
  }
}
