package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktrain.spec.LayerRate;
import io.sparktrain.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pipeline reader's rules, one exact problem line each, and the stage kinds' registration. */
class PipelineReaderTest {

  private static final String HEAD = """
      name: p
      stages:
        - name: pretrain
          type: train
          data: &d {source: iris}
          optimizer: {type: sgd, learningRate: 0.05}
          model: {layers: [{type: dense, units: 8}, {type: output, units: 3}]}
      """;

  @TempDir Path dir;

  private PipelineSpec read(String yaml) throws IOException {
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, yaml);
    return PipelineReader.read(file);
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("  - {name: x, type: export, from: pretrain}\n",
            "stages[1].path: missing required key"),
        Arguments.of("  - {name: x, type: export, path: /tmp/m.zip}\n",
            "stages[1].from: missing required key (or 'source': a model file)"),
        Arguments.of("  - {name: x, type: export, from: pretrain, source: m.zip, path: m.zip}\n",
            "stages[1].source: give either 'from' (an earlier stage) or 'source' (a model file),"
                + " not both"),
        Arguments.of("  - {name: x, type: evaluate, from: pretrian, data: *d}\n",
            "stages[1].from: unknown stage 'pretrian' (earlier stages: pretrain)"),
        Arguments.of("  - {name: x, type: extract-features, from: pretrain, data: *d}\n",
            "stages[1].layer: missing required key"),
        Arguments.of("  - {name: x, type: extract-features, from: pretrain, data: *d, layer: 0,"
                + " split: dev}\n",
            "stages[1].split: unknown value 'dev' (expected one of: train, validation, test)"),
        Arguments.of("  - {name: x, type: transfer, from: pretrain, data: *d, keep: 0}\n",
            "stages[1].head: missing required section (the new layers)"),
        Arguments.of("  - {name: x, type: finetune, from: pretrain}\n",
            "stages[1].data: missing required section"),
        Arguments.of("  - {name: x, type: finetune, from: pretrain, data: *d, unfreeze: 0}\n",
            "stages[1].unfreeze: must be >= 1 or 'all', found 0"),
        Arguments.of("  - {name: x, type: finetune, from: pretrain, data: *d,"
                + " learningRates: [{layers: [1, 0]}]}\n",
            "stages[1].learningRates[0].layers: last layer before first, found [1, 0]"),
        Arguments.of("  - {name: x, type: finetune, from: pretrain, data: *d,"
                + " learningRates: [{layers: [0, 1], learningRate: 0}]}\n",
            "stages[1].learningRates[0].learningRate: must be > 0, found 0.0"),
        Arguments.of("  - {name: pretrain, type: evaluate, from: pretrain, data: *d}\n",
            "stages[1].name: stage name 'pretrain' is used twice"),
        Arguments.of("  - {name: x, type: distill}\n",
            "stages[1].type: unknown value 'distill' (expected one of: train, transfer, finetune,"
                + " evaluate, extract-features, export, pretrain-w2v)"));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void reportsEachRuleAtItsPath(String stage, String line) {
    SpecException e = assertThrows(SpecException.class, () -> read(HEAD + stage));
    assertTrue(e.problems().contains(line), e.problems().toString());
  }

  @Test
  void theBaselineMustBeATrainingStage() {
    SpecException e = assertThrows(SpecException.class, () -> read(HEAD
        + "  - {name: x, type: export, from: pretrain, path: m.zip}\nbaseline: x\n"));
    assertEquals(List.of("baseline: no training stage 'x' (training stages: pretrain)"),
        e.problems());
  }

  @Test
  void everyKindIsRegisteredOnceFromThePermitsClause() {
    assertEquals(Stage.class.getPermittedSubclasses().length, StageKind.all().size());
    assertEquals(List.of("train", "transfer", "finetune", "evaluate", "extract-features",
        "export", "pretrain-w2v"), StageKind.names());
    assertEquals("export", new ExportStage("x", null, "m.zip", "out.zip").kind());
  }

  @Test
  void aStageBuiltInCodeChecksItself() {
    SpecException e = assertThrows(SpecException.class,
        () -> new ExportStage("x", "a", "m.zip", null));
    assertEquals(List.of("source: give either 'from' (an earlier stage) or 'source' (a model "
        + "file), not both", "path: missing required key"), e.problems());
    assertThrows(SpecException.class, () -> new LayerRate(2, 1, null));
  }

  @Test
  void finetuneRatesDefaultToTheOptimizersAndResolveInTheShapeTheyAreRead() throws IOException {
    PipelineSpec spec = read(HEAD + """
          - name: tune
            type: finetune
            from: pretrain
            data: *d
            optimizer: {type: sgd, learningRate: 0.05}
            learningRates: [{layers: [0, 0]}, {layers: [1, 1], learningRate: 0.001}]
        """);
    FinetuneStage tune = assertInstanceOf(FinetuneStage.class, spec.stage("tune"));
    assertEquals(List.of(new LayerRate(0, 0, 0.05), new LayerRate(1, 1, 0.001)),
        tune.learningRates());
    ObjectNode settings = new ObjectMapper().createObjectNode();
    tune.resolve(settings);
    assertEquals("{\"unfreeze\":\"all\",\"learningRates\":[{\"layers\":[0,0],"
        + "\"learningRate\":0.05},{\"layers\":[1,1],\"learningRate\":0.001}]}",
        settings.toString());
  }
}
