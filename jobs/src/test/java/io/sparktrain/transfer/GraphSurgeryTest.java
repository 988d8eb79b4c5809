package io.sparktrain.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.model.GraphFactory;
import io.sparktrain.model.InputShape;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.train.GraphReplica;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** Transfer on a graph: keep up to a named vertex, frozen, and train a new head there. */
class GraphSurgeryTest {

  private static final InputShape INPUT = InputShape.flat(6);

  private static ComputationGraph trained() {
    ComputationGraph graph = build("""
        name: g
        data: {source: iris}
        optimizer: {type: sgd, learningRate: 0.1}
        model:
          graph:
            layers:
              - {name: a, type: dense, units: 8, inputs: [input]}
              - {name: b, type: dense, units: 8, inputs: [a]}
              - {name: sum, type: add, inputs: [a, b]}
              - {name: c, type: dense, units: 8, inputs: [sum]}
              - {name: out, type: output, units: 3, inputs: [c]}
              - {name: aux, type: output, units: 3, inputs: [a]}
            outputs: [out, aux]
        """);
    graph.fit(GraphReplica.multi(graph, batch(3, 2)));
    return graph;
  }

  private static ComputationGraph build(String yaml) {
    JobSpec spec = SpecReader.parse(yaml, "source");
    ComputationGraph graph = new ComputationGraph(
        GraphFactory.configuration(spec.model(), spec.optimizer(), 1, INPUT));
    graph.init();
    return graph;
  }

  private static DataSet batch(int classes, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, classes);
    for (int i = 0; i < 16; i++) {
      labels.putScalar(i, i % classes, 1f);
    }
    return new DataSet(Nd4j.rand(DataType.FLOAT, 16, 6), labels);
  }

  @Test
  void keepsTheGraphUpToTheVertexFrozenAndTrainsOnlyTheNewHead() {
    ComputationGraph source = trained();
    ModelSpec head = ModelSpec.of(List.of(LayerSpec.dense(4), LayerSpec.output(5)));

    ComputationGraph target = GraphSurgery.transfer(source, "sum", true, head, new Sgd(0.1), 3,
        INPUT);

    assertEquals(List.of("a", "b", "head-0", "head-1"), target.getConfiguration().getVertices()
        .keySet().stream().filter(n -> !n.equals("input") && !n.equals("sum")).sorted().toList());
    assertArrayEquals(source.getLayer("a").params().toFloatVector(),
        target.getLayer("a").params().toFloatVector());
    // Under SGD the state the engine exchanges is the trainable parameters only: the head's.
    assertEquals((8 * 4 + 4) + (4 * 5 + 5), GraphReplica.of(target).stateLength());
    float[] keptBefore = target.getLayer("b").params().toFloatVector();
    float[] headBefore = target.getLayer("head-1").params().toFloatVector();
    target.fit(GraphReplica.multi(target, batch(5, 4)));
    assertArrayEquals(keptBefore, target.getLayer("b").params().toFloatVector());
    assertFalse(java.util.Arrays.equals(headBefore,
        target.getLayer("head-1").params().toFloatVector()), "the head must train");
    assertEquals(5, target.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 6)).size(1));
  }

  /** Inputs that read feature columns are kept with the part that reads them. */
  @Test
  void transfersAGraphWhoseInputsReadColumns() {
    ComputationGraph source = build("""
        name: g
        data: {source: iris}
        optimizer: {type: sgd, learningRate: 0.1}
        model:
          graph:
            inputs: [{name: left, columns: [0-2]}, {name: right, columns: [5, 3]}]
            layers:
              - {name: a, type: dense, units: 4, inputs: [left]}
              - {name: b, type: dense, units: 4, inputs: [right]}
              - {name: both, type: concatenate, inputs: [a, b]}
              - {name: out, type: output, units: 3, inputs: [both]}
            outputs: [out]
        """);

    ComputationGraph target = GraphSurgery.transfer(source, "both", true,
        ModelSpec.of(List.of(LayerSpec.output(5))), new Sgd(0.1), 3, INPUT);
    float[] keptBefore = target.getLayer("b").params().toFloatVector();
    target.fit(GraphReplica.multi(target, batch(5, 4)));

    assertArrayEquals(keptBefore, target.getLayer("b").params().toFloatVector());
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 6);
    assertEquals(x.getColumns(5, 3), target.feedForward(x, false).get("right"));
    assertEquals(5, target.outputSingle(x).size(1));
  }

  @Test
  void namesTheVerticesWhenTheOneToKeepIsUnknown() {
    SpecException e = assertThrows(SpecException.class, () -> GraphSurgery.transfer(trained(),
        "summ", true, ModelSpec.of(List.of(LayerSpec.output(5))), new Sgd(0.1), 3, INPUT));
    assertEquals(2, e.exitCode());
    assertEquals("keep: the source graph has no vertex 'summ'", e.problems().get(0)
        .substring(0, e.problems().get(0).indexOf(" (")));
  }
}
