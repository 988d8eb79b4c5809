package io.sparktrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecWriterTest {

  @Test
  void fullSpecRoundTripsToAnEqualRecord() {
    JobSpec spec = SpecReader.parse(SpecReaderTest.FULL, "full");
    assertEquals(spec, SpecReader.parse(SpecWriter.toYaml(spec), "written"));
  }

  @Test
  void minimalSpecIsWrittenWithEveryDefault() {
    JobSpec spec = SpecReader.parse(SpecReaderTest.MINIMAL, "minimal");
    String yaml = SpecWriter.toYaml(spec);
    assertEquals(spec, SpecReader.parse(yaml, "written"));
    for (String key : List.of("validationFraction: 0.2", "learningRate: 0.001", "beta2: 0.999",
        "averagingFrequency: 5", "runsDir: runs", "activation: softmax", "loss: mcxent")) {
      assertTrue(yaml.contains(key), key + " missing from\n" + yaml);
    }
    assertFalse(yaml.contains("labelColumn"), "csv-only key written for iris:\n" + yaml);
  }

  @Test
  void numericLookingNamesStayStrings() {
    JobSpec spec = SpecReader.parse(SpecReaderTest.MINIMAL.replace("name: t", "name: '123'"), "n");
    assertEquals(spec, SpecReader.parse(SpecWriter.toYaml(spec), "written"));
  }

  @Test
  void codeBuiltSpecRoundTripsOnceResolved() {
    ModelSpec model = ModelSpec.of(List.of(LayerSpec.dense(8), LayerSpec.dropout(0.1),
        LayerSpec.output(2)));
    JobSpec spec = new JobSpec("xor", DataSpec.defaults("iris"), model, OptimizerSpec.defaults(),
        TrainingSpec.defaults(), OutputSpec.defaults());
    JobSpec read = SpecReader.parse(SpecWriter.toYaml(spec), "written");
    assertEquals(LayerSpec.dense(8).resolved(LayerSpec.WeightInit.XAVIER, 0, 0),
        read.model().layers().get(0));
    assertEquals(read, SpecReader.parse(SpecWriter.toYaml(read), "again"));
  }

  @Test
  void everyOptimizerScheduleAndLossRoundTrips() {
    for (OptimizerSpec.Type type : OptimizerSpec.Type.values()) {
      String optimizer = "optimizer: {type: " + YamlNames.of(type) + ", weightDecay: 0.01, "
          + "clip: {globalNorm: 2.5}}\n";
      assertRoundTrips(SpecReaderTest.MINIMAL + optimizer);
    }
    for (String schedule : List.of("{type: constant, warmup: 3}",
        "{type: step, decayRate: 0.5, step: 3, per: iteration}",
        "{type: exponential, decayRate: 0.9}", "{type: inverse, decayRate: 0.1}",
        "{type: polynomial, period: 10, power: 2, minLearningRate: 0.0001}",
        "{type: cosine, period: 4, multiplier: 2, minLearningRate: 0.0001, warmup: 2}",
        "{type: cyclical, step: 5, maxLearningRate: 0.01, per: iteration}")) {
      assertRoundTrips(SpecReaderTest.MINIMAL + "optimizer: {clip: {value: 0.5}, schedule: "
          + schedule + "}\n");
    }
    for (String output : List.of("{type: output, units: 3, labelSmoothing: 0.1}",
        "{type: output, units: 3, loss: huber, delta: 0.5}",
        "{type: output, units: 3, loss: squared-hinge, activation: identity}")) {
      assertRoundTrips("name: t\ndata: {source: iris}\nmodel: {layers: [" + output + "]}\n");
    }
  }

  @Test
  void everyLayerTypeAndOptionRoundTrips() {
    assertRoundTrips("name: t\ndata: {source: iris}\nmodel: {layers: ["
        + "{type: dense, units: 8, weightNorm: true}, {type: layernorm, epsilon: 0.001}, "
        + "{type: dense, units: 8, activation: identity, maxNorm: 2.5}, "
        + "{type: batchnorm, decay: 0.99, epsilon: 0.001}, {type: activation, activation: selu}, "
        + "{type: alpha-dropout, dropout: 0.1}, {type: output, units: 3, maxNorm: 4}]}\n");
    assertRoundTrips("name: t\ndata: {source: spam-assassin, padding: pre}\nmodel: {layers: ["
        + "{type: embedding, units: 16, pretrained: false}, "
        + "{type: conv1d, filters: 4, kernel: [3], stride: [2], padding: same}, "
        + "{type: global-pooling}, {type: output, units: 2}]}\n");
  }

  @Test
  void roundTripsRecurrentLayers() {
    assertRoundTrips("name: t\ndata: {source: mnist}\nmodel: {layers: ["
        + "{type: lstm, units: 8, bidirectional: true, returnSequences: true, dropout: 0.1, "
        + "recurrentDropout: 0.2}, {type: gru, units: 4, returnSequences: true}, "
        + "{type: rnn, units: 3, activation: relu}, "
        + "{type: output, units: 10}]}\n");
  }

  /** Columns written as runs read back as the same indices; numeric-looking names stay names. */
  @Test
  void roundTripsGraphInputsThatSelectColumns() {
    assertRoundTrips("name: t\ndata: {source: breast-cancer}\nmodel:\n  graph:\n"
        + "    inputs: [{name: '1', columns: [29, 0-3, 5, 6, 10-12, 28]}, all]\n"
        + "    layers:\n      - {name: h, type: dense, units: 4, inputs: ['1']}\n"
        + "      - {name: out, type: output, units: 2, inputs: [h]}\n    outputs: [out]\n");
  }

  private static void assertRoundTrips(String yaml) {
    JobSpec spec = SpecReader.parse(yaml, "given");
    assertEquals(spec, SpecReader.parse(SpecWriter.toYaml(spec), "written"), yaml);
  }
}
