package io.sparktrain.train;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The scores of one output of a graph with several: each output is trained on the same targets
 * with its own loss, so each is scored as the network's only output would be (class accuracy
 * where the target has classes, and the target's own scores).
 *
 * @param name the output layer's vertex name, which prefixes its scores
 * @param evaluation class counts; empty when the target has no classes
 * @param metrics the target's own scores for this output; null when it has none
 */
public record OutputEval(String name, Evaluation evaluation, TargetMetrics metrics)
    implements Serializable {

  /** Counts a batch: its targets against this output's predictions. */
  void add(INDArray targets, INDArray predictions, boolean classes) {
    if (classes) {
      evaluation.eval(targets, predictions);
    }
    if (metrics != null) {
      // One row per example, or per step of a sequence output, as the headline scores count them.
      metrics.addAll(SequenceBatch.stepRows(targets), SequenceBatch.stepRows(predictions));
    }
  }

  /** This output's counts and {@code other}'s, of the same output. */
  OutputEval merge(OutputEval other) {
    evaluation.merge(other.evaluation);
    TargetMetrics merged = metrics == null ? other.metrics
        : other.metrics == null ? metrics : metrics.merge(other.metrics);
    return new OutputEval(name, evaluation, merged);
  }

  /**
   * The scores as {@code NAME.accuracy} (where classes were counted) and {@code NAME.SCORE} for
   * the target's own that are numbers.
   */
  Map<String, Double> scores() {
    Map<String, Double> scores = new LinkedHashMap<>();
    if (evaluation.getNumRowCounter() > 0) {
      scores.put(name + ".accuracy", evaluation.accuracy());
    }
    if (metrics != null) {
      metrics.values().forEach((score, value) -> {
        if (!Double.isNaN(value)) {
          scores.put(name + "." + score, value);
        }
      });
    }
    return scores;
  }
}
