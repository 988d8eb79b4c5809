package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/sparktrain} in its own process, as a user would. */
final class Launcher {

  /** The checkout's root, set by Failsafe. */
  static final Path HOME = Path.of(System.getProperty("sparktrain.home", "..")).toAbsolutePath();

  private Launcher() {}

  record Result(int code, String output) {}

  static Result run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  /** Runs with extra environment variables (SPARKTRAIN_DATA, say). */
  static Result run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bin/sparktrain"));
    command.addAll(List.of(args));
    return runCommand(env, command);
  }

  /** Runs any command from the checkout's root. */
  static Result runCommand(Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile())
        .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(10, TimeUnit.MINUTES), "launcher timed out");
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  /** The one run directory under {@code jobDir}; fails the test if there is not exactly one. */
  static Path onlyRun(Path jobDir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(jobDir)) {
      List<Path> runs = entries.filter(java.nio.file.Files::isDirectory).toList();
      org.junit.jupiter.api.Assertions.assertEquals(1, runs.size(), "runs under " + jobDir + ": "
          + runs);
      return runs.get(0);
    }
  }

  /**
   * The only run of the pipeline whose runs are under {@code pipelineDir}: its
   * {@code comparison.json}, one row per stage, by stage name in the pipeline's order.
   */
  static java.util.LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode> comparison(
      Path pipelineDir) throws java.io.IOException {
    java.util.LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode> table =
        new java.util.LinkedHashMap<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(onlyRun(pipelineDir)
        .resolve("comparison.json").toFile())
        .forEach(row -> table.put(row.get("stage").asText(), row));
    return table;
  }

  /**
   * Runs the pipeline {@code yaml}, named {@code name}, with its runs under {@code work}/runs;
   * fails the test unless it exits 0, and returns its {@link #comparison}.
   */
  static java.util.LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode> pipeline(
      Path work, String yaml, String name) throws Exception {
    Path spec = java.nio.file.Files.writeString(work.resolve(name + ".yaml"), yaml);
    Result result = run("pipeline", spec.toString(), "--runs-dir",
        work.resolve("runs").toString());
    org.junit.jupiter.api.Assertions.assertEquals(0, result.code(), result.output());
    return comparison(work.resolve("runs").resolve(name));
  }

  /**
   * Trains {@code spec}, whose job name is {@code name}, under {@code work}/runs and returns its
   * run directory; fails the test unless it exits 0 on 2 workers and reports its test scores.
   */
  static Path trainWithTwoWorkers(Path work, String spec, String name) throws Exception {
    Path file = java.nio.file.Files.writeString(work.resolve(name + ".yaml"), spec);
    Result result = run("train", file.toString(), "--runs-dir", work.resolve("runs").toString());
    org.junit.jupiter.api.Assertions.assertEquals(0, result.code(), result.output());
    assertTrue(result.output().contains("2 workers"), result.output());
    assertTrue(result.output().contains("test "), result.output());
    return onlyRun(work.resolve("runs/" + name));
  }

  /** {@code text} with {@code from} replaced; fails the test if the text has no {@code from}. */
  static String replace(String text, String from, String to) {
    assertTrue(text.contains(from), "no '" + from + "' to replace");
    return text.replace(from, to);
  }
}
