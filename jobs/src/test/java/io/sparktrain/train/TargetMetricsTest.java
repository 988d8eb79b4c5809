package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataSpec;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.factory.Nd4j;

/** Each target score against a computation by hand on a handful of examples. */
class TargetMetricsTest {

  private static final double EPS = 1e-9;

  @Test
  void regressionScoresMatchTheHandComputation() {
    // errors 0.5, 0, -1, 1: SSE 2.25; targets' mean 2.5, SST 2.25 + 0.25 + 0.25 + 2.25 = 5.
    RegressionMetrics metrics = new RegressionMetrics(1);
    metrics.addAll(new float[][] {{1}, {2}, {3}, {4}},
        new float[][] {{1.5f}, {2}, {2}, {5}});

    Map<String, Double> v = metrics.values();
    assertEquals(Math.sqrt(2.25 / 4), v.get("rmse"), EPS);
    assertEquals((0.5 + 0 + 1 + 1) / 4, v.get("mae"), EPS);
    assertEquals(1 - 2.25 / 5, v.get("r2"), EPS);
    assertEquals(Math.sqrt(5.0 / 4), v.get("meanPredictorRmse"), EPS);
    assertEquals(Math.sqrt((1 + 4 + 9 + 16) / 4.0), v.get("zeroPredictorRmse"), EPS);
  }

  @Test
  void regressionR2AveragesTheOutputsAndMergingEqualsOnePass() {
    float[][] targets = {{1, 10}, {2, 20}, {3, 30}, {4, 40}};
    float[][] outputs = {{1.5f, 10}, {2, 22}, {2, 30}, {5, 38}};
    RegressionMetrics whole = new RegressionMetrics(2);
    whole.addAll(targets, outputs);
    RegressionMetrics left = new RegressionMetrics(2);
    left.addAll(new float[][] {targets[0], targets[1]}, new float[][] {outputs[0], outputs[1]});
    RegressionMetrics right = new RegressionMetrics(2);
    right.addAll(new float[][] {targets[2], targets[3]}, new float[][] {outputs[2], outputs[3]});

    // Second output: errors 0, 2, 0, -2, SSE 8; SST 500. First as above: 1 - 2.25/5.
    assertEquals(((1 - 2.25 / 5) + (1 - 8.0 / 500)) / 2, whole.values().get("r2"), EPS);
    assertEquals(Math.sqrt((2.25 + 8) / 8), whole.values().get("rmse"), EPS);
    Map<String, Double> merged = left.merge(right).values();
    whole.values().forEach((name, value) -> assertEquals(value, merged.get(name), 1e-12, name));
  }

  @Test
  void multiLabelScoresMatchTheHandComputation() {
    MultiLabelMetrics metrics = new MultiLabelMetrics(List.of("a", "b"), 0.5);
    metrics.addAll(new float[][] {{1, 0}, {1, 1}, {0, 1}, {0, 0}},
        new float[][] {{0.9f, 0.2f}, {0.4f, 0.7f}, {0.6f, 0.8f}, {0.1f, 0.3f}});

    // Predicted {1,0} {0,1} {1,1} {0,0}: rows 1 and 4 wholly right; a: TP 1, FP 1, FN 1;
    // b: TP 2, no errors.
    Map<String, Double> v = metrics.values();
    assertEquals(0.5, v.get("subsetAccuracy"), EPS);
    assertEquals(6.0 / 8, v.get("labelAccuracy"), EPS);
    assertEquals(2.0 / (2 + 1 + 1), v.get("f1.a"), EPS);
    assertEquals(1.0, v.get("f1.b"), EPS);
    assertEquals((0.5 + 1.0) / 2, v.get("macroF1"), EPS);
  }

  @Test
  void multiLabelThresholdZeroReadsAHingeHeadsMargins() {
    MultiLabelMetrics metrics = new MultiLabelMetrics(List.of("a"), 0.0);
    metrics.addAll(new float[][] {{1}, {0}, {1}}, new float[][] {{0.2f}, {-0.4f}, {-0.1f}});

    assertEquals(2.0 / 3, metrics.values().get("subsetAccuracy"), EPS);
    assertEquals(2.0 / (2 + 0 + 1), metrics.values().get("f1.a"), EPS);
  }

  @Test
  void aucCountsTiesAsHalfAndBrierIsTheMeanSquaredProbabilityError() {
    BinaryMetrics metrics = new BinaryMetrics(true);
    float[] p1 = {0.9f, 0.8f, 0.6f, 0.6f, 0.1f};
    int[] y = {1, 0, 1, 0, 0};
    for (int i = 0; i < p1.length; i++) {
      metrics.add(new float[] {1 - y[i], y[i]}, new float[] {1 - p1[i], p1[i]});
    }

    // Positives 0.9 and 0.6 against negatives 0.8, 0.6, 0.1: 3 + (0 + 0.5 + 1) of 6 pairs.
    assertEquals(4.5 / 6, metrics.values().get("auc"), 1e-7);
    assertEquals((0.01 + 0.64 + 0.16 + 0.36 + 0.01) / 5, metrics.values().get("brier"), 1e-6);
  }

  /** Without ties: ND4J's exact ROC does not group tied scores, so it differs where they occur. */
  @Test
  void aucAgreesWithNd4jsExactRocWithoutTies() {
    Random random = new Random(7);
    int n = 500;
    float[][] labels = new float[n][2];
    float[][] probabilities = new float[n][2];
    BinaryMetrics left = new BinaryMetrics(true);
    BinaryMetrics right = new BinaryMetrics(true);
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(2);
      // Overlapping classes, so that AUC is not 1.
      float p = 0.35f * label + 0.65f * random.nextFloat();
      labels[i] = new float[] {1 - label, label};
      probabilities[i] = new float[] {1 - p, p};
      (i % 2 == 0 ? left : right).add(labels[i], probabilities[i]);
    }
    ROC roc = new ROC(0);
    roc.eval(Nd4j.create(labels), Nd4j.create(probabilities));

    double auc = left.merge(right).values().get("auc");
    assertTrue(auc > 0.6 && auc < 0.95, "a task neither trivial nor random: " + auc);
    assertEquals(roc.calculateAUC(), auc, 1e-6);
  }

  @Test
  void brierNeedsProbabilities() {
    BinaryMetrics margins = new BinaryMetrics(false);
    margins.add(new float[] {0, 1}, new float[] {-0.5f, 1.5f});
    assertTrue(Double.isNaN(margins.values().get("brier")));
    assertEquals(Double.NaN, margins.values().get("auc"), "one class only: no pair to rank");
  }

  @Test
  void eachTargetKindGetsItsScores() {
    assertTrue(Target.of(DataSpec.Target.REGRESSION, 1, null).newMetrics(false)
        instanceof RegressionMetrics);
    assertTrue(Target.of(DataSpec.Target.MULTI_LABEL, 3, null).newMetrics(true)
        .values().containsKey("f1.label2"));
    assertTrue(Target.of(DataSpec.Target.LABEL, 2, null).newMetrics(true)
        instanceof BinaryMetrics);
    assertEquals(null, Target.of(DataSpec.Target.LABEL, 10, null).newMetrics(true));
    assertEquals(null, Target.of(DataSpec.Target.INPUT, 10, null).newMetrics(true));
  }
}
