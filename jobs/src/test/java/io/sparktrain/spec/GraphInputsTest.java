package io.sparktrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@code model.graph.inputs} entries that select feature columns: how they read and write back;
 * its broken specs, one per rule, run with {@link GraphSpecTest}'s.
 */
class GraphInputsTest {

  private static String graph(String inputs) {
    return """
        name: g
        data: {source: breast-cancer}
        model:
          graph:
            inputs: %s
            layers:
              - {name: h, type: dense, units: 4, inputs: [a]}
              - {name: out, type: output, units: 2, inputs: [h]}
            outputs: [out]
        """.formatted(inputs);
  }

  @Test
  void readsNamesIndicesAndRangesInTheOrderGiven() {
    GraphSpec g = SpecReader.parse(graph(
        "[{name: a, columns: [20-22, 3, '7-8']}, b, {name: c, columns: [1]}]"), "t")
        .model().graph();

    assertEquals(List.of("a", "b", "c"), g.inputNames());
    assertEquals(List.of(20, 21, 22, 3, 7, 8), g.inputs().get(0).columns());
    assertNull(g.inputs().get(1).columns(), "a plain name receives every feature");
    assertEquals(List.of(new GraphInput.Run(20, 22), new GraphInput.Run(3, 3),
        new GraphInput.Run(7, 8)), g.inputs().get(0).runs());
    assertTrue(g.selectsColumns());
  }

  @Test
  void inputsMayShareColumns() {
    GraphSpec g = SpecReader.parse(graph("[{name: a, columns: [0-9]}, {name: b, columns: "
        + "[5-14]}]"), "t").model().graph();

    assertEquals(10, g.inputs().get(1).columns().size());
  }

  @Test
  void theResolvedSpecWritesRunsAsRangesAndReadsBackAsTheSameGraph() {
    JobSpec spec = SpecReader.parse(graph("[{name: a, columns: [0, 1, 2, 9, 5-6]}, b]"), "t");

    String yaml = SpecWriter.toYaml(spec);
    JobSpec again = SpecReader.parse(yaml, "again");

    assertTrue(yaml.contains("columns:\n      - 0-2\n      - 9\n      - 5-6"), yaml);
    assertEquals(spec.model(), again.model());
  }

  @Test
  void aGraphWithoutColumnsWritesItsInputsAsNames() {
    JobSpec spec = SpecReader.parse(graph("[a, b]"), "t");

    assertTrue(SpecWriter.toYaml(spec).contains("inputs:\n    - a\n    - b\n"),
        SpecWriter.toYaml(spec));
    assertEquals(spec.model(), SpecReader.parse(SpecWriter.toYaml(spec), "again").model());
  }

  private static Arguments c(String rule, String inputs, String... expected) {
    return Arguments.of(rule, graph(inputs), List.of(expected));
  }

  /** One broken {@code inputs} per rule with its path; {@link GraphSpecTest} asserts them. */
  static Stream<Arguments> cases() {
    return Stream.of(
        c("empty list", "[]",
            "model.graph.inputs: must be a non-empty list of names or {name, columns} "
                + "mappings, found []"),
        c("neither a name nor a mapping", "[[1, 2]]",
            "model.graph.inputs[0]: expected a name or a mapping {name: NAME, columns: [...]}, "
                + "found [1,2]"),
        c("blank name", "['']", "model.graph.inputs[0]: must be a name, found ''"),
        c("duplicate name", "[a, {name: a, columns: [1]}]",
            "model.graph.inputs[1]: 'a' is already the name of another input"),
        c("an input named as a layer", "[a, h]",
            "model.graph.layers[0].name: 'h' is already the name of an input"),
        c("missing name", "[{columns: [1]}]", "model.graph.inputs[0].name: missing required key"),
        c("missing columns", "[{name: a}]",
            "model.graph.inputs[0].columns: missing required key"),
        c("unknown key", "[{name: a, cols: [1]}]",
            "model.graph.inputs[0].cols: unknown key (expected one of: name, columns)",
            "model.graph.inputs[0].columns: missing required key"),
        c("empty columns", "[{name: a, columns: []}]",
            "model.graph.inputs[0].columns: must not be empty"),
        c("columns not a list", "[{name: a, columns: 3}]",
            "model.graph.inputs[0].columns: must be a list of column indices or ranges such as "
                + "'0-9', found 3"),
        c("negative column", "[{name: a, columns: [0, -1]}]",
            "model.graph.inputs[0].columns[1]: must be in [0, 1048575], found -1"),
        c("a fraction", "[{name: a, columns: [1.5]}]",
            "model.graph.inputs[0].columns[0]: expected an integer, found 1.5"),
        c("a word", "[{name: a, columns: [mean]}]",
            "model.graph.inputs[0].columns[0]: expected a column index or a range 'FROM-TO' "
                + "(both included, e.g. '0-9'), found 'mean'"),
        c("a range downwards", "[{name: a, columns: [9-0]}]",
            "model.graph.inputs[0].columns[0]: a range 'FROM-TO' needs FROM <= TO <= 1048575, "
                + "found '9-0'"),
        c("a range too far", "[{name: a, columns: [0-99999999]}]",
            "model.graph.inputs[0].columns[0]: a range 'FROM-TO' needs FROM <= TO <= 1048575, "
                + "found '0-99999999'"),
        c("a column twice", "[{name: a, columns: [0-4, 3]}]",
            "model.graph.inputs[0].columns: column 3 is listed twice"));
  }
}
