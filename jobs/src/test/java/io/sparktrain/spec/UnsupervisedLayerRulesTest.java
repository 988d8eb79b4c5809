package io.sparktrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.spec.LayerSpec.LayerType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of the rbm, upsampling2d, deconv2d and loss layers, one malformed spec each with the
 * problem line it reports, and their defaults.
 */
class UnsupervisedLayerRulesTest {

  private static String layers(String... layers) {
    return "name: t\ndata: {source: mnist, target: input}\nmodel:\n  layers:\n"
        + Stream.of(layers).map(l -> "    - " + l + "\n").reduce("", String::concat);
  }

  private static Arguments c(String rule, String yaml, String... expected) {
    return Arguments.of(rule, yaml, List.of(expected));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("rbm without units", layers("{type: rbm}"), "model.layers[0].units: missing required key"),
        c("zero Gibbs steps", layers("{type: rbm, units: 8, gibbsSteps: 0}"),
            "model.layers[0].gibbsSteps: must be >= 1, found 0"),
        c("fractional Gibbs steps", layers("{type: rbm, units: 8, gibbsSteps: 1.5}"),
            "model.layers[0].gibbsSteps: expected an integer, found 1.5"),
        c("activation on an rbm", layers("{type: rbm, units: 8, activation: relu}"),
            "model.layers[0].activation: not allowed for a 'rbm' layer"),
        c("gibbsSteps on a dense layer",
            layers("{type: dense, units: 8, gibbsSteps: 2}", "{type: rbm, units: 4}"),
            "model.layers[0].gibbsSteps: not allowed for a 'dense' layer"),
        c("upsampling size of one number",
            layers("{type: upsampling2d, size: [2]}", "{type: loss}"),
            "model.layers[0].size: must be a list of 2 positive integers [height, width], found "
                + "[2]"),
        c("deconv2d without kernel",
            layers("{type: deconv2d, filters: 4}", "{type: loss}"),
            "model.layers[0].kernel: missing required key"),
        c("units on a loss layer", layers("{type: loss, units: 784}"),
            "model.layers[0].units: not allowed for a 'loss' layer"),
        c("loss layer not last",
            layers("{type: loss}", "{type: output, units: 784}"),
            "model.layers[0]: a 'loss' layer must be the last layer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheFieldPathOfEachBrokenRule(String rule, String yaml, List<String> expected) {
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(yaml, rule));
    assertEquals(expected, e.problems());
  }

  @Test
  void unsupervisedLayersTakeTheirDefaults() {
    JobSpec job = SpecReader.parse(layers("{type: deconv2d, filters: 4, kernel: [3, 3]}",
        "{type: upsampling2d}", "{type: rbm, units: 8}"), "defaults");
    List<LayerSpec> l = job.model().layers();
    assertEquals(List.of(1, 1), l.get(0).stride());
    assertEquals(List.of(2, 2), l.get(1).size());
    assertEquals(LayerType.RBM, l.get(2).type());
    assertEquals(1, l.get(2).gibbsSteps());
  }

  @Test
  void resolvedSpecWritesTheNewKeysBack() {
    String yaml = layers("{type: upsampling2d, size: [3, 2]}", "{type: rbm, units: 8,"
        + " gibbsSteps: 2}");
    String written = SpecWriter.toYaml(SpecReader.parse(yaml, "t"));
    assertEquals(SpecReader.parse(yaml, "t").model(), SpecReader.parse(written, "w").model());
  }
}
