package io.sparktrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of the highway, patch-embedding and gmlp layers, one malformed spec each, asserting
 * the problem lines by path (the CLI exits 2 on them, as on every {@link SpecException}).
 */
class BlockLayerRulesTest {

  private static String layers(String... layers) {
    return "name: t\ndata: {source: mnist}\nmodel:\n  layers:\n" + Stream.of(layers)
        .map(l -> "    - " + l + "\n").reduce("", String::concat);
  }

  private static Arguments c(String rule, String yaml, String... expected) {
    return Arguments.of(rule, yaml, List.of(expected));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("highway with units", layers("{type: highway, units: 8}", "{type: output, units: 10}"),
            "model.layers[0].units: not allowed for a 'highway' layer"),
        c("highway unknown key", layers("{type: highway, gate: -2}", "{type: output, units: 10}"),
            "model.layers[0].gate: unknown key (expected one of: type, activation, weightInit, l1, "
                + "l2)"),
        c("patch embedding without kernel",
            layers("{type: patch-embedding, units: 16}", "{type: output, units: 10}"),
            "model.layers[0].kernel: missing required key"),
        c("patch embedding without units",
            layers("{type: patch-embedding, kernel: [7, 7]}", "{type: output, units: 10}"),
            "model.layers[0].units: missing required key"),
        c("gmlp with odd units", layers("{type: patch-embedding, units: 8, kernel: [7, 7]}",
                "{type: gmlp, units: 15}", "{type: output, units: 10}"),
            "model.layers[1].units: must be even for a 'gmlp' layer (split into the gate's halves),"
                + " found 15"),
        c("gmlp with activation", layers("{type: patch-embedding, units: 8, kernel: [7, 7]}",
                "{type: gmlp, units: 16, activation: relu}", "{type: output, units: 10}"),
            "model.layers[1].activation: not allowed for a 'gmlp' layer"),
        c("gmlp epsilon of 0", layers("{type: patch-embedding, units: 8, kernel: [7, 7]}",
                "{type: gmlp, units: 16, epsilon: 0}", "{type: output, units: 10}"),
            "model.layers[1].epsilon: must be > 0, found 0.0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheFieldPathOfEachBrokenRule(String rule, String yaml, List<String> expected) {
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(yaml, rule));
    assertEquals(expected, e.problems());
  }
}
