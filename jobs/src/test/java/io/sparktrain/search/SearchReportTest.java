package io.sparktrain.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The results table: finished trials by the metric, then halved ones by rung, then the rest. */
class SearchReportTest {

  private static TrialResult result(String trial, double rate, TrialResult.Status status,
      Double metric, int epochs) {
    return new TrialResult(trial, Map.of("optimizer.learningRate",
        JsonNodeFactory.instance.numberNode(rate)), status, metric, epochs, 3, metric, null,
        12.0, null, Map.of(), null);
  }

  private static final List<TrialResult> RESULTS = List.of(
      result("trial-01", 0.001, TrialResult.Status.FINISHED, 0.80, 3),
      result("trial-02", 0.01, TrialResult.Status.HALVED, 0.95, 1),
      result("trial-03", 0.1, TrialResult.Status.FINISHED, 0.91, 3),
      result("trial-04", 1.0, TrialResult.Status.DIVERGED, null, 0),
      result("trial-05", 0.3, TrialResult.Status.EARLY_STOPPED, 0.93, 2));

  @Test
  void sortsFinishedByMetricThenHalvedThenFailed() {
    TrialPlan plan = TrialPlanTest.plan("search: {grid: {optimizer.learningRate: [0.1]}}");
    List<TrialResult> sorted = Ranking.sorted(RESULTS, plan.search().goal());
    assertEquals(List.of("trial-05", "trial-03", "trial-01", "trial-02", "trial-04"),
        sorted.stream().map(TrialResult::trial).toList());
    SearchReport report = new SearchReport(plan, null, sorted);
    assertEquals("trial-05", report.best().orElseThrow().trial());
    assertEquals("""
        | rank | trial | optimizer.learningRate | validationAccuracy | epochs | status | seconds |
        | --- | --- | --- | --- | --- | --- | --- |
        | 1 | trial-05 | 0.3 | 0.9300 | 2/3 | early-stopped | 12 |
        | 2 | trial-03 | 0.1 | 0.9100 | 3/3 | finished | 12 |
        | 3 | trial-01 | 0.001 | 0.8000 | 3/3 | finished | 12 |
        | 4 | trial-02 | 0.01 | 0.9500 | 1/3 | halved | 12 |
        | 5 | trial-04 | 1 |  | 0/3 | diverged | 12 |
        """, report.table());
  }

  @Test
  void lowerIsBetterForALoss() {
    TrialPlan plan = TrialPlanTest.plan(
        "search: {metric: validationLoss, grid: {optimizer.learningRate: [0.1]}}");
    assertEquals(List.of("trial-01", "trial-03", "trial-05", "trial-02", "trial-04"),
        Ranking.sorted(RESULTS, plan.search().goal()).stream().map(TrialResult::trial).toList());
  }
}
