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
}
