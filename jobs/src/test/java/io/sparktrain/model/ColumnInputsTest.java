package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Graph inputs that select feature columns: each receives exactly its columns, in the order the
 * spec lists them, through the graph DL4J builds, and through its JSON as replicas rebuild it.
 */
class ColumnInputsTest {

  private static final String THREE_INPUTS = """
      name: g
      data: {source: breast-cancer}
      model:
        graph:
          inputs:
            - {name: a, columns: [0-2, 7]}
            - {name: b, columns: [5-6, 1]}
            - all
          layers:
            - {name: da, type: dense, units: 3, activation: identity, inputs: [a]}
            - {name: db, type: dense, units: 3, activation: identity, inputs: [b]}
            - {name: dc, type: dense, units: 3, activation: identity, inputs: [all]}
            - {name: sum, type: add, inputs: [da, db, dc]}
            - {name: out, type: output, units: 2, inputs: [sum]}
          outputs: [out]
      """;

  private static ComputationGraph build(String yaml, InputShape input) {
    JobSpec spec = SpecReader.parse(yaml, "t");
    ComputationGraph graph = new ComputationGraph(GraphFactory.configuration(spec.model(),
        spec.optimizer(), 7, input));
    graph.init();
    return graph;
  }

  private static INDArray columns(INDArray x, int... columns) {
    return x.getColumns(columns);
  }

  @Test
  void eachInputReceivesExactlyItsColumnsInTheOrderListed() {
    ComputationGraph graph = build(THREE_INPUTS, InputShape.flat(8));
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, 8);

    Map<String, INDArray> seen = graph.feedForward(x, false);

    assertEquals(columns(x, 0, 1, 2, 7), seen.get("a"));
    assertEquals(columns(x, 5, 6, 1), seen.get("b"));
    assertEquals(x, seen.get("all"));
    // The dense layers read them: identity activations are x_cols W + b.
    for (String[] layer : new String[][] {{"da", "a"}, {"db", "b"}, {"dc", "all"}}) {
      INDArray expected = seen.get(layer[1]).mmul(graph.getLayer(layer[0]).getParam("W"))
          .addRowVector(graph.getLayer(layer[0]).getParam("b"));
      assertEquals(expected, seen.get(layer[0]), layer[0]);
    }
    // 4, 3 and 8 inputs into 3 units each, then 3 into 2.
    assertEquals((4 * 3 + 3) + (3 * 3 + 3) + (8 * 3 + 3) + (3 * 2 + 2), graph.numParams());
  }

  @Test
  void aGraphRebuiltFromItsJsonSelectsTheSameColumns() {
    ComputationGraph graph = build(THREE_INPUTS, InputShape.flat(8));
    ComputationGraph rebuilt = new ComputationGraph(
        ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson()));
    rebuilt.init(graph.params().dup(), false);
    INDArray x = Nd4j.rand(DataType.FLOAT, 4, 8);

    assertEquals(graph.outputSingle(x), rebuilt.outputSingle(x));
    assertEquals(List.of(ColumnInputs.FEATURES), rebuilt.getConfiguration().getNetworkInputs());
  }

  @Test
  void refusesFeaturesOfAnotherWidthRatherThanSlicingThem() {
    ComputationGraph graph = build(THREE_INPUTS, InputShape.flat(8));

    DataException e = assertThrows(DataException.class,
        () -> graph.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 9)));

    assertEquals("graph input 'a': selects columns of feature vectors of width 8, found shape "
        + "[2, 9]", e.getMessage());
    assertEquals(3, e.exitCode());
  }

  @Test
  void aGraphWithoutColumnsKeepsItsInputsAsDl4jInputs() {
    ComputationGraph graph = build(THREE_INPUTS.replaceAll("\\{name: (\\w), columns: [^}]*}",
        "$1"), InputShape.flat(8));

    assertEquals(List.of("a", "b", "all"), graph.getConfiguration().getNetworkInputs());
  }

  @Test
  void theShippedTwoInputSpecReadsTheMeanAndWorstMeasurements() throws Exception {
    ComputationGraph graph = build(Files.readString(Path.of("..", "conf", "models",
        "breast-cancer-two-inputs.yaml")), InputShape.flat(30));
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 30);

    Map<String, INDArray> seen = graph.feedForward(x, false);

    assertEquals(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10)), seen.get("mean"));
    assertEquals(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(20, 30)), seen.get("worst"));
    assertEquals(2 * (10 * 8 + 8) + (16 * 2 + 2), graph.numParams());
  }

  @Test
  void reportsColumnsBeyondTheDataAtTheirInput() {
    SpecException e = assertThrows(SpecException.class,
        () -> build(THREE_INPUTS, InputShape.flat(7)));

    assertEquals(List.of("model.graph.inputs[0].columns: column 7 is out of range: the data has "
        + "7 features (columns 0-6)"), e.problems());
    assertEquals(2, e.exitCode());
  }

  @Test
  void reportsEveryColumnBeyondTheDataByItsFirstAndCount() {
    SpecException e = assertThrows(SpecException.class,
        () -> build(THREE_INPUTS, InputShape.flat(2)));

    assertEquals(List.of(
        "model.graph.inputs[0].columns: column 2 and 1 more are out of range: the data has 2 "
            + "features (columns 0-1)",
        "model.graph.inputs[1].columns: column 5 and 1 more are out of range: the data has 2 "
            + "features (columns 0-1)"), e.problems());
  }

  @Test
  void refusesColumnsOfImages() {
    SpecException e = assertThrows(SpecException.class,
        () -> build(THREE_INPUTS, InputShape.image(1, 28, 28)));

    assertEquals(List.of(
        "model.graph.inputs[0].columns: columns select from a flat feature vector; the data "
            + "gives images (1x28x28)",
        "model.graph.inputs[1].columns: columns select from a flat feature vector; the data "
            + "gives images (1x28x28)"), e.problems());
  }
}
