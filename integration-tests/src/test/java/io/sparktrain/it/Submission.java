package io.sparktrain.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A command running in the background (a submission or a launcher), its output collected. */
final class Submission {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final CompletableFuture<Void> reader;

  Submission(Process process) {
    this.process = process;
    this.reader = CompletableFuture.runAsync(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Waits until a line of output matches, or the process ends; true if one matched. */
  boolean awaitLine(Predicate<String> match, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    synchronized (lines) {
      while (lines.stream().noneMatch(match)) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || (!process.isAlive() && reader.isDone())) {
          return lines.stream().anyMatch(match);
        }
        lines.wait(Math.min(left, 500));
      }
      return true;
    }
  }

  /**
   * Kills the submission's JVM (the driver, in client mode) without warning, and then its script,
   * which gets to clean up after the JVM as it would after a crash.
   */
  void kill() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Asks the script to stop (SIGTERM), as a scheduler or Ctrl-C does; returns its exit status. */
  int terminate(long timeoutSeconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the submission did not stop within " + timeoutSeconds
          + " s of SIGTERM:\n" + output());
    }
    return process.exitValue();
  }

  /** The processes the script started that are still alive. */
  List<ProcessHandle> children() {
    return process.descendants().filter(ProcessHandle::isAlive).toList();
  }

  /**
   * Freezes the submission's processes (SIGSTOP): still alive, so its lock is not stale, but doing
   * nothing, however long another command takes meanwhile.
   */
  void pause() throws Exception {
    List<String> command = new ArrayList<>(List.of("kill", "-STOP"));
    process.descendants().forEach(p -> command.add(Long.toString(p.pid())));
    command.add(Long.toString(process.pid()));
    if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
      throw new IllegalStateException("cannot pause " + command);
    }
  }

  Launcher.Result await(long timeoutSeconds) throws Exception {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      kill();
      throw new AssertionError("submission timed out:\n" + output());
    }
    reader.get(30, TimeUnit.SECONDS);
    return new Launcher.Result(process.exitValue(), output());
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** Starts {@code bin/sparktrain} with these arguments from the root of the checkout. */
  static Submission launch(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bin/sparktrain"));
    command.addAll(List.of(args));
    return new Submission(new ProcessBuilder(command).directory(Launcher.HOME.toFile())
        .redirectErrorStream(true).start());
  }
}
