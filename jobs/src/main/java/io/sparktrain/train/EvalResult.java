package io.sparktrain.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param outputs a graph with several outputs: each output's scores, in the graph's output
 *     order; empty otherwise. The other components are the first output's (the headline, which
 *     early stopping and the best model watch)
 */
public record EvalResult(Evaluation evaluation, double lossSum, long examples,
    TargetMetrics metrics, List<OutputEval> outputs) implements Serializable {

  public EvalResult {
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
  }

  /** Classes and loss only. */
  public EvalResult(Evaluation evaluation, double lossSum, long examples) {
    this(evaluation, lossSum, examples, null, List.of());
  }

  /** A network with one output. */
  public EvalResult(Evaluation evaluation, double lossSum, long examples,
      TargetMetrics metrics) {
    this(evaluation, lossSum, examples, metrics, List.of());
  }

  public static EvalResult empty(int numClasses) {
    return new EvalResult(new Evaluation(numClasses), 0, 0);
  }

  public EvalResult merge(EvalResult other) {
    evaluation.merge(other.evaluation);
    TargetMetrics merged = metrics == null ? other.metrics
        : other.metrics == null ? metrics : metrics.merge(other.metrics);
    return new EvalResult(evaluation, lossSum + other.lossSum, examples + other.examples, merged,
        mergeOutputs(other.outputs));
  }

  /** Output by output; {@link #empty} (the identity of the merge) has none. */
  private List<OutputEval> mergeOutputs(List<OutputEval> others) {
    if (outputs.isEmpty() || others.isEmpty()) {
      return outputs.isEmpty() ? others : outputs;
    }
    List<OutputEval> merged = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      merged.add(outputs.get(i).merge(others.get(i)));
    }
    return merged;
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
   * left out), then for a graph with several outputs each output's ({@link OutputEval#scores}:
   * {@code NAME.accuracy}, {@code NAME.auc}, ...); empty when there are none.
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
    outputs.forEach(output -> scores.putAll(output.scores()));
    return scores;
  }
}
