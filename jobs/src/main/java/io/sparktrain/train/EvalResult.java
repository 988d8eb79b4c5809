package io.sparktrain.train;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * Evaluation results over a data split, merged from every partition.
 *
 * @param evaluation accuracy, per-class precision/recall/F1 and the confusion matrix (empty when
 *     the target has no classes: multi-label, regression, reconstruction)
 * @param lossSum sum over examples of the loss (regularisation included, as in training)
 * @param examples examples evaluated
 * @param metrics the target's own scores ({@link Target#newMetrics}); null when it has none
 */
public record EvalResult(Evaluation evaluation, double lossSum, long examples,
    TargetMetrics metrics) implements Serializable {

  /** Classes and loss only. */
  public EvalResult(Evaluation evaluation, double lossSum, long examples) {
    this(evaluation, lossSum, examples, null);
  }

  public static EvalResult empty(int numClasses) {
    return new EvalResult(new Evaluation(numClasses), 0, 0);
  }

  public EvalResult merge(EvalResult other) {
    evaluation.merge(other.evaluation);
    TargetMetrics merged = metrics == null ? other.metrics
        : other.metrics == null ? metrics : metrics.merge(other.metrics);
    return new EvalResult(evaluation, lossSum + other.lossSum, examples + other.examples, merged);
  }

  /** NaN when nothing was classified (an empty split, or a target without classes). */
  public double accuracy() {
    return examples == 0 || evaluation.getNumRowCounter() == 0 ? Double.NaN
        : evaluation.accuracy();
  }

  public double meanLoss() {
    return examples == 0 ? Double.NaN : lossSum / examples;
  }

  /**
   * Every score by its name: {@code loss}, {@code accuracy} (NaN without classes), then the
   * target's own ({@link TargetMetrics#values()}).
   */
  public Map<String, Double> scores() {
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("loss", meanLoss());
    scores.put("accuracy", accuracy());
    if (metrics != null) {
      scores.putAll(metrics.values());
    }
    return scores;
  }

  /**
   * The target's own scores only, those that are numbers (a Brier score of raw scores is NaN and
   * left out); empty when it has none.
   */
  public Map<String, Double> targetScores() {
    Map<String, Double> scores = new LinkedHashMap<>();
    if (metrics != null) {
      metrics.values().forEach((name, value) -> {
        if (!Double.isNaN(value)) {
          scores.put(name, value);
        }
      });
    }
    return scores;
  }
}
