package io.sparktrain.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A loss of sparktrain's own whose batch score follows from its per-example scores and whose
 * score-and-gradient is the two computed apart: the parts of DL4J's {@link ILossFunction} that are
 * the same for every such loss, written once.
 */
public interface RowLoss extends ILossFunction {

  /** The sum of {@link #computeScoreArray}, divided by the rows when {@code average}. */
  @Override
  default double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    INDArray scores = computeScoreArray(labels, preOutput, activationFn, mask);
    double sum = scores.sumNumber().doubleValue();
    return average ? sum / scores.size(0) : sum;
  }

  @Override
  default Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask, boolean average) {
    return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }
}
