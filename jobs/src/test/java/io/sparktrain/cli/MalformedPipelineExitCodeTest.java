package io.sparktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Through the real command line: a malformed pipeline or stage spec exits with code 2 before any
 * Spark work, naming the stage and field at fault.
 */
class MalformedPipelineExitCodeTest {

  private static final String VALID = """
      name: p
      stages:
        - name: pretrain
          type: train
          data: &d {source: iris}
          model: {layers: [{type: dense, units: 8}, {type: output, units: 3}]}
        - name: head
          type: transfer
          from: pretrain
          keep: 0
          head: {layers: [{type: output, units: 3}]}
          data: *d
        - name: tune
          type: finetune
          from: head
          unfreeze: all
          learningRates: [{layers: [0, 0], learningRate: 0.0001}]
          data: *d
      """;

  @TempDir
  Path dir;

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("unknown stage in from", VALID.replace("from: head", "from: haed"),
            "stages[2].from"),
        Arguments.of("from a later stage", VALID.replace("from: pretrain", "from: tune"),
            "stages[1].from"),
        Arguments.of("stage name used twice", VALID.replace("name: tune", "name: head"),
            "stages[2].name"),
        Arguments.of("unknown stage type", VALID.replace("type: finetune", "type: distill"),
            "stages[2].type"),
        Arguments.of("transfer without keep", VALID.replace("    keep: 0\n", ""), "stages[1].keep"),
        Arguments.of("transfer without a head",
            VALID.replace("    head: {layers: [{type: output, units: 3}]}\n", ""), "stages[1].head"),
        Arguments.of("key of another stage type", VALID.replace("unfreeze: all", "keep: 1"),
            "stages[2].keep"),
        Arguments.of("learning rate group of one index",
            VALID.replace("layers: [0, 0]", "layers: [0]"), "stages[2].learningRates[0].layers"),
        Arguments.of("both from and source",
            VALID.replace("from: head", "from: head\n    source: runs/x/model.zip"),
            "stages[2].source"),
        Arguments.of("unknown layer in the head",
            VALID.replace("head: {layers: [{type: output", "head: {layers: [{type: outptu"),
            "stages[1].head.layers[0].type"),
        Arguments.of("train stage from a stage with a model",
            VALID + "  - {name: again, type: train, from: pretrain, data: *d,\n"
                + "     model: {layers: [{type: output, units: 3}]}}\n", "stages[3].from"),
        Arguments.of("transfer from word vectors", """
            name: p
            stages:
              - {name: w2v, type: pretrain-w2v, corpus: [sotu]}
              - name: head
                type: transfer
                from: w2v
                keep: 0
                head: {layers: [{type: output, units: 2}]}
                data: {source: spam-assassin}
            """, "stages[1].from"),
        Arguments.of("invalid YAML", VALID + "  - [", "line"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void exitsWithCode2NamingTheField(String what, String yaml, String path) throws IOException {
    Path spec = dir.resolve("pipeline.yaml");
    Files.writeString(spec, yaml);
    StringWriter err = new StringWriter();

    int code = SparktrainCli.run(new PrintWriter(err, true), "pipeline", spec.toString());

    assertEquals(2, code, what + ": " + err);
    assertTrue(err.toString().contains(path), what + ": no '" + path + "' in " + err);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("standalone")
  void aStageRunAloneNeedsASource(String command, String yaml, String path) throws IOException {
    Path spec = dir.resolve("stage.yaml");
    Files.writeString(spec, yaml);
    StringWriter err = new StringWriter();

    int code = SparktrainCli.run(new PrintWriter(err, true), command, spec.toString());

    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains(path), "no '" + path + "' in " + err);
  }

  static Stream<Arguments> standalone() {
    return Stream.of(
        Arguments.of("evaluate", "name: e\nfrom: pretrain\ndata: {source: iris}\n", "from"),
        Arguments.of("transfer", "name: t\ntype: finetune\nsource: m.zip\nkeep: 0\n"
            + "head: {layers: [{type: output, units: 3}]}\ndata: {source: iris}\n", "type"),
        Arguments.of("export", "name: x\nsource: m.zip\n", "path"));
  }
}
