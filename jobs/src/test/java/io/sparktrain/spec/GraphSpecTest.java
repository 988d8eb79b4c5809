package io.sparktrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The graph form of {@code model}: what it reads, and one broken spec per rule with its path. */
class GraphSpecTest {

  /** A residual block, a gate, a shared layer and two weighted outputs. */
  static final String RESIDUAL = """
      name: g
      data: {source: iris}
      model:
        graph:
          layers:
            - {name: x, type: dense, units: 8, inputs: [input]}
            - {name: y, type: dense, units: 8, activation: tanh, inputs: [input]}
            - {name: a, type: dense, units: 8, inputs: [x]}
            - {name: a2, shares: a, inputs: [y]}
            - {name: b, type: dense, units: 8, activation: identity, inputs: [a]}
            - {name: sum, type: add, inputs: [a, b]}
            - {name: gate, type: multiply, inputs: [sum, a2]}
            - {name: both, type: concatenate, inputs: [gate, x]}
            - {name: out, type: output, units: 3, inputs: [both]}
            - {name: aux, type: output, units: 3, inputs: [x], lossWeight: 0.3}
          outputs: [out, aux]
      """;

  private static String graph(String... vertices) {
    return "name: g\ndata: {source: iris}\nmodel:\n  graph:\n    layers:\n"
        + Stream.of(vertices).map(v -> "      - " + v + "\n").reduce("", String::concat)
        + "    outputs: [out]\n";
  }

  private static final String OUT = "{name: out, type: output, units: 3, inputs: [h]}";

  @Test
  void readsVerticesMergesSharedLayersAndWeightedOutputs() {
    GraphSpec g = SpecReader.parse(RESIDUAL, "t").model().graph();
    assertEquals(List.of("input"), g.inputNames());
    assertEquals(List.of("out", "aux"), g.outputs());
    assertEquals(GraphNode.Merge.ADD, g.node("sum").merge());
    assertEquals(List.of("a", "b"), g.node("sum").inputs());
    assertEquals(List.of("a2"), g.sharersOf("a"));
    assertEquals(0.3, g.node("aux").resolvedLossWeight());
    assertEquals(1.0, g.node("out").resolvedLossWeight());
    // Layers are resolved against the model's defaults like a stack's.
    assertEquals(LayerSpec.Activation.RELU, g.node("a").layer().activation());
    assertTrue(SpecReader.parse(RESIDUAL, "t").model().layers().isEmpty());
  }

  @Test
  void theResolvedSpecReadsBackAsTheSameGraph() {
    JobSpec spec = SpecReader.parse(RESIDUAL, "t");
    JobSpec again = SpecReader.parse(SpecWriter.toYaml(spec), "again");
    assertEquals(spec.model(), again.model());
  }

  private static Arguments c(String rule, String yaml, String... expected) {
    return Arguments.of(rule, yaml, List.of(expected));
  }

  static Stream<Arguments> cases() {
    return Stream.concat(vertexCases(), GraphInputsTest.cases());
  }

  private static Stream<Arguments> vertexCases() {
    String h = "{name: h, type: dense, units: 4, inputs: [input]}";
    return Stream.of(
        c("unknown input name", graph("{name: h, type: dense, units: 4, inputs: [imput]}", OUT),
            "model.graph.layers[0].inputs[0]: unknown input 'imput' (expected an input (input) "
                + "or a layer's name)"),
        c("cycle", graph("{name: h, type: dense, units: 4, inputs: [k]}",
                "{name: k, type: dense, units: 4, inputs: [h]}", OUT),
            "model.graph.layers: the inputs form a cycle: h -> k -> h"),
        c("a shared layer applied to its own result",
            graph(h, "{name: k, type: dense, units: 4, inputs: [h]}",
                "{name: k2, shares: k, inputs: [k]}", OUT),
            "model.graph.layers: the inputs form a cycle: k -> k"),
        c("output missing from outputs", graph(h, OUT,
                "{name: aux, type: output, units: 3, inputs: [h]}"),
            "model.graph.layers[2]: output layer 'aux' is missing from 'outputs'"),
        c("outputs naming a hidden layer",
            "name: g\ndata: {source: iris}\nmodel:\n  graph:\n    layers: [" + h + ", " + OUT
                + "]\n    outputs: [out, h]\n",
            "model.graph.outputs[1]: must name a layer of type 'output', found 'h'"),
        c("no outputs", "name: g\ndata: {source: iris}\nmodel:\n  graph:\n    layers: [" + h
                + "]\n",
            "model.graph.outputs: missing required key"),
        c("duplicate name", graph(h, "{name: h, type: dense, units: 4, inputs: [h]}", OUT),
            "model.graph.layers[1].name: 'h' is already the name of another layer"),
        c("merge of one input", graph(h, "{name: s, type: add, inputs: [h]}", OUT),
            "model.graph.layers[1].inputs: a 'add' merge needs at least 2 inputs, found 1"),
        c("sampling of two inputs", graph(h, "{name: z, type: sampling, inputs: [h, h]}", OUT),
            "model.graph.layers[1].inputs: a 'sampling' vertex reads one input, found 2"),
        c("half of two inputs", graph(h, "{name: f, type: first-half, inputs: [h, input]}", OUT),
            "model.graph.layers[1].inputs: a 'first-half' vertex reads one input, found 2"),
        c("subtract of three", graph(h, "{name: s, type: subtract, inputs: [h, h, h]}", OUT),
            "model.graph.layers[1].inputs: a 'subtract' merge needs exactly 2 inputs, found 3"),
        c("layer of two inputs", graph(h, "{name: k, type: dense, units: 4, inputs: [h, h]}",
                OUT),
            "model.graph.layers[1].inputs: a layer reads one input, found 2 (merge them first: "
                + "add, concatenate, multiply or subtract)"),
        c("sharing a merge", graph(h, "{name: s, type: add, inputs: [h, h]}",
                "{name: k, shares: s, inputs: [h]}", OUT),
            "model.graph.layers[2].shares: must name a layer (not a merge, a reference or an "
                + "output layer), found 's'"),
        c("layer key beside shares", graph(h, "{name: k, shares: h, inputs: [h], units: 3}", OUT),
            "model.graph.layers[1].units: not allowed beside 'shares': the shared layer defines "
                + "it"),
        c("loss weight on a hidden layer",
            graph("{name: h, type: dense, units: 4, inputs: [input], lossWeight: 2}", OUT),
            "model.graph.layers[0].lossWeight: only allowed on an 'output' layer"),
        c("non-positive loss weight",
            graph(h, "{name: out, type: output, units: 3, inputs: [h], lossWeight: 0}"),
            "model.graph.layers[1].lossWeight: must be > 0, found 0"),
        c("unknown vertex key", graph(h, "{name: out, type: output, units: 3, input: [h]}"),
            "model.graph.layers[1].inputs: missing required key",
            "model.graph.layers[1].input: unknown key (expected one of: name, inputs, shares, "
                + "lossWeight, type, units, activation, loss, weightInit, l1, l2, "
                + "labelSmoothing, delta, maxNorm)"),
        c("missing name", graph("{type: dense, units: 4, inputs: [input]}", OUT),
            "model.graph.layers[0].name: missing required key"),
        c("stack and graph", "name: g\ndata: {source: iris}\nmodel:\n  layers: [{type: output, "
                + "units: 3}]\n  graph:\n    layers: [" + h + ", " + OUT + "]\n"
                + "    outputs: [out]\n",
            "model.layers: give either 'layers' (a stack) or 'graph', not both"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheFieldPathOfEachBrokenRule(String rule, String yaml, List<String> expected) {
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(yaml, rule));
    assertEquals(expected, e.problems());
    assertEquals(2, e.exitCode());
  }
}
