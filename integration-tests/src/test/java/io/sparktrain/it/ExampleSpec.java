package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A shipped spec of {@code conf/models/}, shortened for an integration test (fewer images, other
 * settings replaced as text) under its own name {@code NAME-short}, and trained through the
 * launcher on 2 workers as a user would.
 */
final class ExampleSpec {

  private String text;
  private final String name;

  private ExampleSpec(String model) throws Exception {
    this.text = Files.readString(Launcher.HOME.resolve("conf/models/" + model + ".yaml"))
        .replace("name: " + model, "name: " + model + "-short");
    this.name = model + "-short";
  }

  static ExampleSpec of(String model) throws Exception {
    return new ExampleSpec(model);
  }

  /** Reads only the first {@code images} examples (after the spec's {@code scaling:} line). */
  ExampleSpec limit(int images) {
    text = text.replaceFirst("(?m)^(  scaling: \\S+).*$", "$1\n  limit: " + images);
    return this;
  }

  ExampleSpec replace(String from, String to) {
    assertTrue(text.contains(from), name + " has no '" + from + "' to replace");
    text = text.replace(from, to);
    return this;
  }

  /** Trains the shortened spec with runs under {@code work/runs}; returns its run directory. */
  Path train(Path work) throws Exception {
    return train(Files.writeString(work.resolve(name + ".yaml"), text), work, name);
  }

  /** Trains {@code spec}, whose name is {@code name}, on 2 workers with runs under work/runs. */
  static Path train(Path spec, Path work, String name) throws Exception {
    Launcher.Result result = Launcher.run("train", spec.toString(), "--runs-dir",
        work.resolve("runs").toString());
    assertEquals(0, result.code(), result.output());
    assertTrue(result.output().contains("2 workers"), result.output());
    return Launcher.onlyRun(work.resolve("runs/" + name));
  }

  /** The test accuracy a finished run wrote. */
  static double testAccuracy(Path run) throws Exception {
    return new ObjectMapper().readTree(run.resolve("evaluation.json").toFile())
        .get("accuracy").asDouble();
  }
}
