package io.sparktrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.LayerSpec.Activation;
import io.sparktrain.spec.LayerSpec.LayerType;
import io.sparktrain.spec.LayerSpec.Loss;
import io.sparktrain.spec.LayerSpec.Padding;
import io.sparktrain.spec.LayerSpec.Pooling;
import io.sparktrain.spec.LayerSpec.WeightInit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecReaderTest {

  static final String MINIMAL = """
      name: t
      data:
        source: iris
      model:
        layers:
          - type: output
            units: 3
      """;

  static final String FULL = """
      name: lenet.v2
      data:
        source: csv
        path: /data/train.csv
        testPath: /data/test.csv
        labelColumn: 0
        header: true
        validationFraction: 0.1
        testFraction: 0.3
        scaling: standardize
        shuffleSeed: 7
        limit: 1000
      model:
        weightInit: relu-uniform
        l1: 0.0001
        l2: 0.001
        layers:
          - {type: conv2d, filters: 20, kernel: [5, 5], stride: [1, 1], padding: same,
             activation: gelu, weightInit: xavier-uniform, l2: 0.01}
          - {type: subsampling, kernel: [2, 2], pooling: avg}
          - {type: batchnorm, decay: 0.95}
          - {type: dropout, dropout: 0.25}
          - {type: dense, units: 100, activation: mish, maxNorm: 4}
          - {type: output, units: 10, loss: negativeloglikelihood}
      optimizer:
        type: nesterov
        learningRate: 0.05
        momentum: 0.8
        schedule: {type: step, decayRate: 0.5, step: 100, per: iteration}
      training:
        epochs: 3
        batchSize: 32
        workers: 4
        averagingFrequency: 1
        engine: dl4j-parameter-averaging
        seed: 12345678901
      output:
        runsDir: /tmp/runs
      """;

  /** A pipeline stage's spec.yaml: the stage's settings as JSON, then its job. */
  @Test
  void theJobOfAStagesResolvedSpecIsWhatFollowsItsJobLine() {
    String job = "name: scratch\ndata: {source: iris}\n"
        + "model: {layers: [{type: output, units: 3}]}\n";
    String stage = "# stage\n{\n  \"name\" : \"scratch\",\n  \"type\" : \"train\"\n}\n"
        + SpecReader.JOB_SECTION + job;
    assertEquals(job, SpecReader.jobOf(stage));
    assertEquals("scratch", SpecReader.parse(SpecReader.jobOf(stage), "spec.yaml").name());
    assertEquals(job, SpecReader.jobOf(job));
  }

  @Test
  void readsEveryFieldOfAFullSpec() {
    JobSpec spec = SpecReader.parse(FULL, "full");
    assertEquals("lenet.v2", spec.name());
    assertEquals(new DataSpec("csv", "/data/train.csv", "/data/test.csv", 0, true, 0.1, 0.3,
        DataSpec.Scaling.STANDARDIZE, 7L, 1000), spec.data());
    List<LayerSpec> expected = List.of(
        new LayerSpec(LayerType.CONV2D, null, 20, List.of(5, 5), List.of(1, 1), Padding.SAME, null,
            Activation.GELU, WeightInit.XAVIER_UNIFORM, null, null, 0.0001, 0.01),
        new LayerSpec(LayerType.SUBSAMPLING, null, null, List.of(2, 2), List.of(2, 2),
            Padding.TRUNCATE, Pooling.AVG, null, null, null, null, null, null),
        new LayerSpec(LayerType.BATCHNORM, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, 0.95, LayerSpec.DEFAULT_EPSILON, null, null),
        new LayerSpec(LayerType.DROPOUT, null, null, null, null, null, null, null, null, null,
            0.25, null, null),
        new LayerSpec(LayerType.DENSE, 100, null, null, null, null, null, Activation.MISH,
            WeightInit.RELU_UNIFORM, null, null, 0.0001, 0.001, null, null, null, null, null, null,
            4.0, false),
        new LayerSpec(LayerType.OUTPUT, 10, null, null, null, null, null, Activation.SOFTMAX,
            WeightInit.RELU_UNIFORM, Loss.NEGATIVELOGLIKELIHOOD, null, 0.0001, 0.001, null, null,
            0.0, null));
    assertEquals(new ModelSpec(expected, WeightInit.RELU_UNIFORM, 0.0001, 0.001), spec.model());
    assertEquals(new OptimizerSpec(OptimizerSpec.Type.NESTEROV, 0.05, 0.8,
        OptimizerSpec.DEFAULT_BETA1, OptimizerSpec.DEFAULT_BETA2, OptimizerSpec.DEFAULT_EPSILON,
        new ScheduleSpec(ScheduleSpec.Type.STEP, 0.5, 100, ScheduleSpec.Per.ITERATION)),
        spec.optimizer());
    assertEquals(new TrainingSpec(3, 32, 4, 1, TrainingSpec.Engine.DL4J_PARAMETER_AVERAGING,
        12345678901L), spec.training());
    assertEquals(new OutputSpec("/tmp/runs"), spec.output());
  }

  @Test
  void fillsEveryDefaultOfAMinimalSpec() {
    JobSpec spec = SpecReader.parse(MINIMAL, "minimal");
    assertEquals(DataSpec.defaults("iris"), spec.data());
    assertEquals(OptimizerSpec.defaults(), spec.optimizer());
    assertEquals(TrainingSpec.defaults(), spec.training());
    assertEquals(OutputSpec.defaults(), spec.output());
    LayerSpec output = new LayerSpec(LayerType.OUTPUT, 3, null, null, null, null, null,
        Activation.SOFTMAX, WeightInit.XAVIER, Loss.MCXENT, null, 0.0, 0.0, null, null, 0.0, null);
    assertEquals(new ModelSpec(List.of(output), WeightInit.XAVIER, 0.0, 0.0), spec.model());
  }

  @Test
  void readsTheMnistExampleInConf() {
    JobSpec spec = SpecReader.read(Path.of("..", "conf", "mnist-mlp.yaml"));
    assertEquals("mnist-mlp", spec.name());
    assertEquals(4, spec.model().layers().size());
    assertEquals(0.2, spec.model().layers().get(1).dropout());
    assertEquals(new TrainingSpec(8, 64, 2, 5, TrainingSpec.Engine.SPARKTRAIN, 42),
        spec.training());
  }

  @Test
  void readsTheStoppingExamplesInConf() {
    TrainingSpec rules = SpecReader.read(
        Path.of("..", "conf", "stopping", "digits-plateau-early-stop.yaml")).training();
    assertEquals(new PlateauSpec(Monitor.VALIDATION_LOSS, PlateauSpec.Mode.AUTO, 0.5, 2,
        PlateauSpec.DEFAULT_THRESHOLD, 0, 0.005), rules.reduceOnPlateau());
    assertEquals(new EarlyStoppingSpec(Monitor.VALIDATION_LOSS, 0.001, 4, true),
        rules.earlyStopping());
    assertEquals(new DivergenceSpec(DivergenceSpec.Action.ROLLBACK, 2), rules.divergence());

    TrainingSpec batches = SpecReader.read(
        Path.of("..", "conf", "stopping", "digits-growing-batch.yaml")).training();
    assertEquals(List.of(16, 16, 16, 32, 32, 32, 64, 64, 64), java.util.stream.IntStream
        .rangeClosed(1, 9).map(batches::batchSizeAt).boxed().toList());
    assertEquals(0.125, batches.linearScaling().scale(2, 16));
  }

  @Test
  void reportsThreeProblemsOfOneSpecTogether() {
    String yaml = """
        name: t
        data: {source: iris, validationFraction: 1.5}
        model:
          layers:
            - {type: dense, units: 0}
            - {type: output, units: 3, activation: relux}
        training: {epochs: ten}
        """;
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(yaml, "t.yaml"));
    assertEquals(List.of(
        "data.validationFraction: must be in [0, 1), found 1.5",
        "model.layers[0].units: must be >= 1, found 0",
        "model.layers[1].activation: unknown value 'relux' (expected one of: relu, leakyrelu, "
            + "elu, selu, gelu, mish, tanh, sigmoid, softmax, identity)",
        "training.epochs: expected an integer, found 'ten'"), e.problems());
    assertTrue(e.getMessage().startsWith("invalid spec t.yaml:"));
    assertEquals(2, e.exitCode());
  }

  @Test
  void namesLineAndColumnOfAYamlSyntaxError() {
    String yaml = "name: t\ndata:\n  source: [iris\nmodel: {}\n";
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(yaml, "bad"));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).matches("line [34], column \\d+: invalid YAML, .*"),
        e.problems().get(0));
  }

  @Test
  void rejectsDuplicateKeys() {
    String yaml = MINIMAL + "name: u\n";
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(yaml, "dup"));
    assertTrue(e.problems().get(0).contains("Duplicate field 'name'"), e.problems().get(0));
  }

  @Test
  void namesAMissingFile() {
    Path missing = Path.of("no", "such", "spec.yaml");
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(missing));
    assertEquals(List.of(missing + ": file not found"), e.problems());
  }

  @Test
  void rejectsAnEmptyDocument() {
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse("", "empty"));
    assertEquals(List.of("(document): the document is empty"), e.problems());
  }

  @Test
  void aHexEscapeWithoutDigitsIsInvalidYamlNotACrash() {
    // A "\x" escape cut off by the end of the text: SnakeYAML throws NumberFormatException
    // (found by SpecFuzzTest).
    SpecException e = assertThrows(SpecException.class,
        () -> SpecReader.parse("name: \"x\\x", "bad.yaml"));
    assertEquals(2, e.exitCode());
    assertTrue(e.problems().get(0).startsWith("bad.yaml: invalid YAML"), e.problems().toString());
  }
}
