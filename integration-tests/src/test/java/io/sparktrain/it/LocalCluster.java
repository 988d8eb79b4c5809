package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The standalone cluster of {@code cluster/start-local-cluster.sh} (one master, separate worker
 * JVMs) on ports of its own, and submissions to it through {@code cluster/submit.sh}.
 */
final class LocalCluster implements AutoCloseable {

  static final String PORT = "17077";
  private static final Path SCRIPTS = Launcher.HOME.resolve("cluster");

  private final Thread stopOnExit = new Thread(LocalCluster::stopQuietly);

  private LocalCluster() {}

  /**
   * {@code conf/mnist-mlp.yaml} as the cluster tests train it, under the job name {@code name}:
   * its first 12,000 images for 3 epochs, so that a run takes seconds.
   */
  static String shortMnistSpec(String name) throws IOException {
    String spec = Files.readString(Launcher.HOME.resolve("conf/mnist-mlp.yaml"));
    spec = Launcher.replace(spec, "name: mnist-mlp", "name: " + name);
    spec = Launcher.replace(spec, "  scaling: unit", "  scaling: unit\n  limit: 12000");
    return Launcher.replace(spec, "epochs: 8", "epochs: 3");
  }

  /** Starts {@code workers} workers of one core each; stops them again when the JVM exits. */
  static LocalCluster start(int workers) throws Exception {
    return start(workers, 1);
  }

  /**
   * Starts {@code workers} workers of {@code cores} cores each, so that each of their executors
   * runs that many tasks; stops them again when the JVM exits.
   */
  static LocalCluster start(int workers, int cores) throws Exception {
    stopQuietly();
    LocalCluster cluster = new LocalCluster();
    Runtime.getRuntime().addShutdownHook(cluster.stopOnExit);
    Launcher.Result started = Launcher.runCommand(env(), List.of(
        SCRIPTS.resolve("start-local-cluster.sh").toString(), String.valueOf(workers),
        "--cores", String.valueOf(cores)));
    assertEquals(0, started.code(), started.output());
    return cluster;
  }

  /** The pid of worker {@code n} (1-based). */
  long workerPid(int n) throws IOException {
    return Long.parseLong(Files.readString(
        SCRIPTS.resolve("target/pids/worker-" + n + ".pid")).trim());
  }

  /** Worker {@code n}'s log (1-based), where it writes each executor's command line. */
  static Path workerLog(int n) {
    return SCRIPTS.resolve("target/logs/worker-" + n + ".log");
  }

  /** Kills a worker and the executors it started, as a lost machine would. */
  void killWorker(int n) throws Exception {
    long pid = workerPid(n);
    ProcessHandle.of(pid).ifPresent(worker -> {
      worker.descendants().forEach(ProcessHandle::destroyForcibly);
      worker.destroyForcibly();
    });
  }

  /** Environment for scripts and submissions aimed at this cluster. */
  static Map<String, String> env() {
    return Map.of("SPARKTRAIN_MASTER_PORT", PORT, "SPARKTRAIN_MASTER_UI_PORT", "18080",
        "SPARKTRAIN_MASTER", "spark://127.0.0.1:" + PORT);
  }

  /** A running {@code cluster/submit.sh}, its output collected line by line. */
  static Submission submit(Map<String, String> extraEnv, List<String> submitOptions,
      String... sparktrainArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(SCRIPTS.resolve("submit.sh").toString()));
    command.addAll(submitOptions);
    command.add("--");
    command.addAll(List.of(sparktrainArgs));
    ProcessBuilder builder = new ProcessBuilder(command).directory(Launcher.HOME.toFile())
        .redirectErrorStream(true);
    builder.environment().putAll(env());
    builder.environment().putAll(extraEnv);
    return new Submission(builder.start());
  }

  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running already
    }
  }

  private static void stopQuietly() {
    try {
      new ProcessBuilder(SCRIPTS.resolve("stop-local-cluster.sh").toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor(60, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot stop the local cluster", e);
    }
  }
}
