package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a user runs it: {@code bin/sparktrain} in its own JVM, real exit codes, real
 * run directories.
 */
class LauncherSmokeIT {

  @TempDir
  Path runs;

  @Test
  void trainsTheXorExamplesAndWritesTheirRuns() throws Exception {
    Launcher.Result result = launch("train", "conf/xor.yaml", "--runs-dir", runs.toString());

    assertEquals(0, result.code(), result.output());
    assertTrue(result.output().contains("run written to"), result.output());
    JsonNode perceptron = evaluation("xor-perceptron");
    JsonNode mlp = evaluation("xor-mlp");
    assertTrue(perceptron.get("accuracy").asDouble() <= 0.75, "a perceptron cannot learn XOR");
    assertEquals(1.0, mlp.get("accuracy").asDouble(), 1e-9, "the MLP learns XOR");
  }

  @Test
  void malformedSpecExitsWith2() throws Exception {
    Path spec = runs.resolve("bad.yaml");
    Files.writeString(spec, "name: bad\ndata:\n  source: mnist\nmodel:\n  layers: []\n");

    Launcher.Result result = launch("train", spec.toString());

    assertEquals(2, result.code(), result.output());
    assertTrue(result.output().contains("model.layers"), result.output());
  }

  @Test
  void aJvmCrashInNativeCodeRestartsTheCommandWithItsCrashReport() throws Exception {
    Launcher.Result result = Launcher.run(crashingJava(1), "train", "conf/xor.yaml",
        "--runs-dir", runs.toString());

    assertEquals(0, result.code(), result.output());
    assertTrue(result.output().contains("the JVM crashed in native code"), result.output());
    assertTrue(result.output().contains("sd::FakeFrame"), "the problematic frame is shown");
    assertTrue(result.output().contains("org.nd4j.Fake.exec"), "the Java frames are shown");
    assertTrue(result.output().contains("restarting (1 of 2)"), result.output());
    assertEquals(1.0, evaluation("xor-mlp").get("accuracy").asDouble(), 1e-9);
  }

  @Test
  void aJvmThatKeepsCrashingGivesUpWithTheAbortStatus() throws Exception {
    Launcher.Result result = Launcher.run(crashingJava(3), "data", "list");

    assertEquals(134, result.code(), result.output());
    assertTrue(result.output().contains("restarting (2 of 2)"), result.output());
    assertTrue(result.output().contains("giving up after 2 restarts"), result.output());
  }

  /**
   * Environment whose {@code java} plays a native crash the first {@code crashes} times the
   * launcher starts sparktrain: it writes a HotSpot-style report where {@code -XX:ErrorFile} says
   * and aborts, as the JVM does on a SIGSEGV in ND4J. Later starts run the real java.
   */
  private Map<String, String> crashingJava(int crashes) throws IOException {
    Path bin = Files.createDirectories(runs.resolve("fake-bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, """
        #!/usr/bin/env bash
        n=$(cat "$FAKE_CRASH_COUNT" 2>/dev/null || echo 0)
        if [[ " $* " == *" io.sparktrain.cli.SparktrainCli "* && $n -lt $FAKE_CRASHES ]]; then
          echo $((n + 1)) > "$FAKE_CRASH_COUNT"
          for arg; do [[ $arg == -XX:ErrorFile=* ]] && report=${arg#-XX:ErrorFile=}; done
          printf '#\n# Problematic frame:\n# C  [libnd4jcpu.so+0x1]  sd::FakeFrame\n#\n\n' > "${report//%p/$$}"
          printf 'Java frames: (J=compiled Java code)\nJ 1  org.nd4j.Fake.exec()V\n\n' >> "${report//%p/$$}"
          kill -ABRT $$
        fi
        exec "$REAL_JAVA" "$@"
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Map.of(
        "PATH", bin + ":" + System.getenv("PATH"),
        "REAL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "FAKE_CRASHES", Integer.toString(crashes),
        "FAKE_CRASH_COUNT", runs.resolve("crash-count").toString(),
        "SPARKTRAIN_CRASH_DIR", runs.toString());
  }

  private JsonNode evaluation(String job) throws IOException {
    Path run = Launcher.onlyRun(runs.resolve(job));
    for (String file : List.of("spec.yaml", "run.json", "model.zip", "metrics.jsonl",
        "evaluation.json", "loss.png", "accuracy.png")) {
      assertTrue(Files.size(run.resolve(file)) > 0, file + " in " + run);
    }
    return new ObjectMapper().readTree(run.resolve("evaluation.json").toFile());
  }

  private static Launcher.Result launch(String... args) throws Exception {
    return Launcher.run(args);
  }
}
