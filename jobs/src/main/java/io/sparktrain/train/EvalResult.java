package io.sparktrain.train;

import java.io.Serializable;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * Classification results over a data split, merged from every partition.
 *
 * @param evaluation accuracy, per-class precision/recall/F1 and the confusion matrix
 * @param lossSum sum over examples of the loss (regularisation included, as in training)
 * @param examples examples evaluated
 */
public record EvalResult(Evaluation evaluation, double lossSum, long examples)
    implements Serializable {

  public static EvalResult empty(int numClasses) {
    return new EvalResult(new Evaluation(numClasses), 0, 0);
  }

  public EvalResult merge(EvalResult other) {
    evaluation.merge(other.evaluation);
    return new EvalResult(evaluation, lossSum + other.lossSum, examples + other.examples);
  }

  /** NaN when nothing was classified (an empty split, or a reconstruction target). */
  public double accuracy() {
    return examples == 0 || evaluation.getNumRowCounter() == 0 ? Double.NaN
        : evaluation.accuracy();
  }

  public double meanLoss() {
    return examples == 0 ? Double.NaN : lossSum / examples;
  }
}
