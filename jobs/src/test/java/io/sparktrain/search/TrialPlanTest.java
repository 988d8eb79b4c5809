package io.sparktrain.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Search sections: path parsing, grid and random expansion, and every rule by its path. */
class TrialPlanTest {

  private static final String JOB = """
      name: xor-search
      data: {source: xor, scaling: none}
      model:
        layers:
          - {type: dense, units: 8, activation: tanh}
          - {type: output, units: 2, activation: softmax, loss: mcxent}
      training: {epochs: 3, batchSize: 16, seed: 42}
      """;

  static TrialPlan plan(String search) {
    try {
      return TrialPlan.of(new ObjectMapper(new YAMLFactory()).readTree(JOB + search), "test.yaml");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> problems(String search) {
    return assertThrows(SpecException.class, () -> plan(search)).problems();
  }

  @Test
  void parsesKeysAndListIndices() {
    FieldPath path = FieldPath.parse("model.layers[0].units").orElseThrow();
    assertEquals(List.of("model", "layers", 0, "units"), path.segments());
    assertEquals("model", path.section());
    assertTrue(FieldPath.parse("optimizer..learningRate").isEmpty());
    assertTrue(FieldPath.parse("model.layers[x]").isEmpty());
    assertTrue(FieldPath.parse("").isEmpty());
  }

  @Test
  void gridIsEveryCombinationFirstFieldSlowest() {
    TrialPlan plan = plan("""
        search:
          grid:
            optimizer.learningRate: [0.01, 0.1]
            model.layers[0].units: [4, 8, 16]
        """);
    assertEquals(6, plan.trials().size());
    assertEquals(List.of("trial-01", "trial-02", "trial-03", "trial-04", "trial-05", "trial-06"),
        plan.trials().stream().map(Trial::name).toList());
    assertEquals(List.of(4, 8, 16, 4, 8, 16), plan.trials().stream()
        .map(t -> t.spec().model().layers().get(0).units()).toList());
    assertEquals(List.of(0.01, 0.01, 0.01, 0.1, 0.1, 0.1), plan.trials().stream()
        .map(t -> t.spec().optimizer().learningRate()).toList());
    assertEquals("optimizer.learningRate=0.1, model.layers[0].units=16",
        plan.trials().get(5).describe());
    assertEquals("trial-06", plan.trials().get(5).spec().name());
  }

  @Test
  void anEmptyGridValueIsAProblemOfItsPathNotACrash() {
    for (String value : List.of("null", "~")) {
      List<String> problems = problems("search:\n  grid:\n    training.batchSize: [" + value
          + ", 64]\n");
      assertTrue(problems.stream().anyMatch(p -> p.startsWith("search.grid.\"training.batchSize\"[0]: empty value")),
          value + ": " + problems);
    }
  }

  @Test
  void randomDrawsRepeatForASeedStayInRangeAndKeepIntegersIntegral() {
    String search = """
        search:
          grid:
            optimizer.type: [adam, nesterov]
          random:
            trials: 5
            seed: 7
            fields:
              optimizer.learningRate: {logUniform: [1.0e-4, 1.0e-1]}
              training.batchSize: {logUniform: [16, 256]}
              model.layers[0].activation: {choice: [relu, tanh]}
        """;
    TrialPlan plan = plan(search);
    assertEquals(10, plan.trials().size(), "each grid point with every draw");
    assertEquals(plan.trials().stream().map(Trial::values).toList(),
        plan(search).trials().stream().map(Trial::values).toList(), "same seed, same trials");
    for (Trial t : plan.trials()) {
      double rate = t.spec().optimizer().learningRate();
      int batch = t.spec().training().batchSize();
      assertTrue(rate >= 1e-4 && rate <= 0.1, "rate " + rate);
      assertTrue(batch >= 16 && batch <= 256, "batch " + batch);
      assertTrue(t.values().get("training.batchSize").isIntegralNumber());
    }
    assertEquals(OptimizerSpec.Type.NESTEROV, plan.trials().get(9).spec().optimizer().type());
    assertEquals(plan.trials().get(0).values().get("optimizer.learningRate"),
        plan.trials().get(5).values().get("optimizer.learningRate"), "draw 1 on both grid points");
    assertNotEquals(plan.trials().get(0).values(), plan.trials().get(1).values());
    assertNotEquals(plan.trials().stream().map(Trial::values).toList(),
        plan(search.replace("seed: 7", "seed: 8")).trials().stream().map(Trial::values).toList());
  }

  @Test
  void rejectsAPathThatIsNoSpecFieldNamingIt() {
    assertEquals(List.of("search.grid.\"optimizer.learningRat\": not a field of the job spec "
            + "(see the README's spec reference)"),
        problems("search: {grid: {optimizer.learningRat: [0.1]}}"));
    assertEquals(List.of("search.grid.\"model.layers[5].units\": not a field of the job spec "
            + "(see the README's spec reference)"),
        problems("search: {grid: {\"model.layers[5].units\": [4]}}"));
  }

  @Test
  void refusesToPlanMoreThanAThousandTrials() {
    assertEquals(List.of("search: plans 1100 trials, more than 1000: search fewer values"),
        problems("search: {grid: {training.epochs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], "
            + "training.batchSize: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, "
            + "19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, "
            + "40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, "
            + "61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, "
            + "82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100]}}"));
  }

  @Test
  void rejectsBadRangesDistributionsAndLists() {
    assertEquals(List.of(
        "search.grid.\"training.epochs\": empty list: a grid field needs at least one value",
        "search.random.trials: must be in [1, 1000], found 0",
        "search.random.fields.\"optimizer.learningRate\".uniform: empty range: low 0.5 is above "
            + "high 0.1",
        "search.random.fields.\"training.batchSize\": expected exactly one of uniform, "
            + "logUniform, choice, found {\"gaussian\":[1,2]}",
        "search.random.fields.\"optimizer.epsilon\".logUniform: logUniform needs low > 0, found 0"),
        problems("""
            search:
              grid: {training.epochs: []}
              random:
                trials: 0
                fields:
                  optimizer.learningRate: {uniform: [0.5, 0.1]}
                  training.batchSize: {gaussian: [1, 2]}
                  optimizer.epsilon: {logUniform: [0, 1]}
            """));
  }

  @Test
  void checksEveryTrialSpecBeforeAnyStarts() {
    assertEquals(List.of("search trial-02 (training.batchSize=0): training.batchSize: must be "
        + ">= 1, found 0"), problems("search: {grid: {training.batchSize: [8, 0]}}"));
  }

  @Test
  void rejectsUnknownMetricNameAndUnsearchableFields() {
    List<String> problems = problems("""
        search:
          metric: validationAcc
          grid: {name: [a, b], output.runsDir: [x]}
        """);
    assertTrue(problems.get(0).startsWith("search.metric: unknown value 'validationAcc' "
        + "(expected one of: epoch, epochs, iteration, trainLoss, validationLoss"), problems.get(0));
    assertEquals(List.of(
        "search.grid.name: not searchable: the search sets name for each trial",
        "search.grid.\"output.runsDir\": not searchable: the search sets output for each trial"),
        problems.subList(1, 3));
  }

  @Test
  void rejectsHalvingRungsAtOrPastTheLastEpoch() {
    assertEquals(List.of("search.halving.rungs[1]: must be below the trials' training.epochs (3),"
        + " found 3"), problems("""
            search:
              grid: {optimizer.learningRate: [0.1, 0.2]}
              halving: {rungs: [1, 3]}
            """));
  }

  @Test
  void lossMetricsDefaultToLowerIsBetter() {
    assertEquals(SearchSpec.Goal.MIN, plan("search: {metric: validationLoss, grid: "
        + "{optimizer.learningRate: [0.1]}}").search().goal());
    SearchSpec search = plan("search: {grid: {optimizer.learningRate: [0.1]}}").search();
    assertEquals(SearchSpec.Goal.MAX, search.goal());
    assertEquals("validationAccuracy", search.metric());
  }
}
