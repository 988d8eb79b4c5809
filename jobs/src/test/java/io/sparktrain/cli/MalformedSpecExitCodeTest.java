package io.sparktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Through the real command line: every malformed spec exits with code 2 before any Spark work,
 * and the message names the field path at fault.
 */
class MalformedSpecExitCodeTest {

  private static final String VALID = """
      name: t
      data:
        source: iris
      model:
        layers:
          - type: dense
            units: 8
          - type: output
            units: 3
      optimizer:
        type: adam
        learningRate: 0.01
      training:
        epochs: 2
        batchSize: 16
        workers: 2
        averagingFrequency: 5
      """;

  @TempDir
  Path dir;

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("unknown top-level key", VALID + "extra: 1\n", "extra"),
        Arguments.of("an autoencoder on DL4J's engine, which trains classifiers only",
            VALID.replace("source: iris", "source: iris\n  target: input")
                .replace("averagingFrequency: 5", "averagingFrequency: 5\n  engine: "
                    + "dl4j-parameter-averaging")
                .replace("units: 3", "units: 4\n      loss: mse\n      activation: identity"),
            "training.engine"),
        Arguments.of("unknown nested key",
            VALID.replace("learningRate: 0.01", "learningRaet: 0.01"), "optimizer.learningRaet"),
        Arguments.of("unknown activation",
            VALID.replace("units: 8", "units: 8\n      activation: relux"),
            "model.layers[0].activation"),
        Arguments.of("zero averaging frequency",
            VALID.replace("averagingFrequency: 5", "averagingFrequency: 0"),
            "training.averagingFrequency"),
        Arguments.of("epochs not a number", VALID.replace("epochs: 2", "epochs: ten"),
            "training.epochs"),
        Arguments.of("negative learning rate",
            VALID.replace("learningRate: 0.01", "learningRate: -0.1"), "optimizer.learningRate"),
        Arguments.of("missing data section", VALID.replace("data:\n  source: iris\n", ""), "data"),
        Arguments.of("unknown data source", VALID.replace("source: iris", "source: cifar"),
            "data.source"),
        Arguments.of("unknown engine", VALID + "  engine: horovod\n", "training.engine"),
        Arguments.of("unknown optimizer", VALID.replace("type: adam", "type: adamw"),
            "optimizer.type"),
        Arguments.of("units on a dropout layer",
            VALID.replace("- type: dense\n      units: 8", "- type: dropout\n      units: 8"),
            "model.layers[0].units"),
        Arguments.of("last layer not output",
            VALID.replace("- type: output\n      units: 3", "- type: dense\n      units: 3"),
            "model.layers[1]"),
        Arguments.of("validation fraction of 1",
            VALID.replace("source: iris", "source: iris\n  validationFraction: 1.0"),
            "data.validationFraction"),
        Arguments.of("kernel of three numbers",
            VALID.replace("- type: dense\n      units: 8",
                "- type: conv2d\n      filters: 4\n      kernel: [3, 3, 3]"),
            "model.layers[0].kernel"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void exitsWithCode2NamingTheField(String what, String yaml, String path) throws IOException {
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, yaml);
    StringWriter err = new StringWriter();

    int code = SparktrainCli.run(new PrintWriter(err, true), "train", spec.toString());

    assertEquals(2, code, what + ": " + err);
    assertTrue(err.toString().contains(path + ":"), what + ": no '" + path + ":' in " + err);
  }

  @Test
  void missingSpecFileExitsWithCode2NamingTheFile() {
    StringWriter err = new StringWriter();
    Path missing = dir.resolve("nope.yaml");

    int code = SparktrainCli.run(new PrintWriter(err, true), "train", missing.toString());

    assertEquals(2, code);
    assertTrue(err.toString().contains("nope.yaml"), err.toString());
  }
}
