package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Graph specs to DL4J graphs: shared weights, shapes checked at merges, the conf/models graphs. */
class GraphFactoryTest {

  private static final Path MODELS = Path.of("..", "conf", "models");
  private static final InputShape IMAGE = InputShape.image(1, 28, 28);

  private static JobSpec spec(String vertices) {
    return SpecReader.parse("name: g\ndata: {source: fashion-mnist}\nmodel:\n  graph:\n"
        + "    layers:\n" + vertices.indent(6) + "    outputs: [out]\n", "t");
  }

  private static ComputationGraph build(JobSpec spec, InputShape input) {
    ComputationGraph graph = new ComputationGraph(GraphFactory.configuration(spec.model(),
        spec.optimizer(), spec.training().seed(), input));
    graph.init();
    return graph;
  }

  @Test
  void aSharedLayerHasOneSetOfWeights() {
    String twice = """
          - {name: a, type: dense, units: 5, inputs: [input]}
          - {name: b, type: dense, units: 5, inputs: [input]}
          - {name: f, type: dense, units: 4, inputs: [a]}
          - {name: g, shares: f, inputs: [b]}
          - {name: d, type: subtract, inputs: [f, g]}
          - {name: out, type: output, units: 10, inputs: [d]}
        """;
    ComputationGraph graph = build(spec(twice), InputShape.flat(6));
    // a and b: 6*5+5 each; f once: 5*4+4; out: 4*10+10.
    assertEquals(2 * 35 + 24 + 50, graph.numParams());
    assertEquals(List.of(2, 10), Arrays.stream(graph.outputSingle(
        org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 6))
        .shape()).mapToObj(n -> (int) n).toList());
  }

  @Test
  void reportsAShapeMismatchAtTheMergeThatMeetsIt() {
    String mismatch = """
          - {name: a, type: conv2d, filters: 8, kernel: [3, 3], padding: same, inputs: [input]}
          - {name: b, type: conv2d, filters: 16, kernel: [3, 3], padding: same, inputs: [input]}
          - {name: sum, type: add, inputs: [a, b]}
          - {name: pool, type: global-pooling, inputs: [sum]}
          - {name: out, type: output, units: 10, inputs: [pool]}
        """;
    SpecException e = assertThrows(SpecException.class, () -> build(spec(mismatch), IMAGE));
    assertEquals(List.of("model.graph.layers[2].inputs: shapes do not fit a 'add' merge: "
        + "a InputTypeConvolutional(h=28,w=28,c=8,NCHW), "
        + "b InputTypeConvolutional(h=28,w=28,c=16,NCHW)"), e.problems());
    assertEquals(2, e.exitCode());
  }

  @Test
  void concatenationAddsChannelsButNeedsEqualSizes() {
    String strided = """
          - {name: a, type: conv2d, filters: 8, kernel: [3, 3], padding: same, inputs: [input]}
          - {name: b, type: conv2d, filters: 4, kernel: [3, 3], stride: [2, 2], padding: same, inputs: [input]}
          - {name: both, type: concatenate, inputs: [a, b]}
          - {name: pool, type: global-pooling, inputs: [both]}
          - {name: out, type: output, units: 10, inputs: [pool]}
        """;
    SpecException e = assertThrows(SpecException.class, () -> build(spec(strided), IMAGE));
    assertTrue(e.problems().get(0).startsWith("model.graph.layers[2].inputs: shapes do not fit "
        + "a 'concatenate' merge"), e.problems().get(0));
    ComputationGraph same = build(spec(strided.replace(", stride: [2, 2]", "")), IMAGE);
    // The output layer reads 8 + 4 pooled channels.
    assertEquals(12 * 10 + 10, same.getLayer("out").numParams());
  }

  /** ResNet-20 and -56 against their plain twins: 3 and 9 blocks a stage, 19 and 55 convs. */
  @ParameterizedTest
  @CsvSource({"20, 9, 19", "56, 27, 55"})
  void resnetsAndTheirPlainTwinsDifferOnlyInTheirShortcuts(int depth, int blocks, int convs) {
    ComputationGraph resnet =
        build(SpecReader.read(MODELS.resolve("resnet-" + depth + ".yaml")), IMAGE);
    ComputationGraph plain =
        build(SpecReader.read(MODELS.resolve("plain-" + depth + ".yaml")), IMAGE);
    long adds = Arrays.stream(resnet.getConfiguration().getVertices().values().toArray())
        .filter(v -> v instanceof ElementWiseVertex).count();
    assertEquals(blocks, adds);
    long plainConvs = Arrays.stream(plain.getLayers())
        .filter(l -> l instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer)
        .count();
    assertEquals(convs, plainConvs);
    // The two 1x1 projections (8->16, 16->32, each with bias) are all the parameters between them.
    assertEquals(plain.numParams() + (8 * 16 + 16) + (16 * 32 + 32), resnet.numParams());
  }

  @Test
  void denseNetBlocksConcatenateTheirLayers() {
    ComputationGraph dense = build(SpecReader.read(MODELS.resolve("densenet.yaml")), IMAGE);
    // Block 1: 16 + 4 x 8 channels; the transition's 1x1 convolution reads all 48.
    assertEquals(48 * 24 + 24, dense.getLayer("t1-conv").numParams());
    assertEquals((24 + 4 * 8) * 10 + 10, dense.getLayer("out").numParams());
  }
}
