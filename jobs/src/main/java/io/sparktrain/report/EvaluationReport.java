package io.sparktrain.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparktrain.spec.OutputException;
import io.sparktrain.train.EvalResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * The test-set results of a run as {@code evaluation.json}: top-level {@code accuracy}, macro
 * precision/recall/F1, per-class precision/recall/F1/support and the confusion matrix (rows are
 * actual classes, columns predicted).
 */
public final class EvaluationReport {

  public static final String FILE = "evaluation.json";

  private EvaluationReport() {}

  /** The report as pretty-printed JSON. */
  public static String toJson(EvalResult result, int numClasses) {
    Evaluation eval = result.evaluation();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("accuracy", result.accuracy());
    report.put("loss", result.meanLoss());
    report.put("examples", result.examples());
    if (eval.getNumRowCounter() > 0) {
      classification(eval, numClasses, report);
    }
    report.putAll(result.targetScores());
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(report);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new OutputException("cannot encode the evaluation: " + e.getMessage(), e);
    }
  }

  /** Precision, recall, F1 and the confusion matrix; absent for a reconstruction target. */
  private static void classification(Evaluation eval, int numClasses,
      Map<String, Object> report) {
    report.put("precision", eval.precision());
    report.put("recall", eval.recall());
    report.put("f1", eval.f1());
    List<Map<String, Object>> perClass = new ArrayList<>();
    long[][] confusion = new long[numClasses][numClasses];
    for (int actual = 0; actual < numClasses; actual++) {
      long support = 0;
      for (int predicted = 0; predicted < numClasses; predicted++) {
        confusion[actual][predicted] = eval.getConfusionMatrix().getCount(actual, predicted);
        support += confusion[actual][predicted];
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("class", actual);
      row.put("precision", eval.precision(actual));
      row.put("recall", eval.recall(actual));
      row.put("f1", eval.f1(actual));
      row.put("support", support);
      perClass.add(row);
    }
    report.put("perClass", perClass);
    report.put("confusionMatrix", confusion);
  }
}
