package io.sparktrain.cli;

import io.sparktrain.spec.MemoryException;
import java.util.regex.Pattern;

/**
 * Turns running out of memory into a {@link MemoryException} that names the setting to raise,
 * instead of an OutOfMemoryError stack. Three places run out: the driver's own JVM (the network,
 * evaluation, the model files), a task in local mode (which runs in that same JVM, on "executor
 * driver"), and an executor on a cluster, which Spark reports only as text: the task's failure
 * reason, or the executor's exit code 52 (Spark's own code for an OutOfMemoryError). Spark's
 * own refusal to start with under 450 MiB of heap (INVALID_DRIVER_MEMORY, INVALID_EXECUTOR_MEMORY)
 * is the same mistake and gets the same answer.
 */
final class OutOfMemory {

  /** An executor Spark saw die of an OutOfMemoryError, or a task that failed with one. */
  private static final Pattern REPORTED = Pattern.compile(
      "(?s).*(java\\.lang\\.OutOfMemoryError|exited with code 52|exit code 52|Cannot allocate "
          + "new \\w+Pointer).*");
  /** How Spark names the task slots of local mode's one JVM. */
  private static final String LOCAL_EXECUTOR = "executor driver";

  private OutOfMemory() {}

  /** A memory error explaining {@code thrown}, or null if it is not about memory. */
  static MemoryException explain(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError error) {
        return inDriver(error, thrown);
      }
      String message = String.valueOf(t.getMessage());
      if (message.contains("[INVALID_DRIVER_MEMORY]")) {
        return inDriver(t, thrown);
      }
      if (message.contains("[INVALID_EXECUTOR_MEMORY]")) {
        return inExecutor(t, thrown);
      }
      if (REPORTED.matcher(message).matches()) {
        return message.contains(LOCAL_EXECUTOR) ? inDriver(t, thrown) : inExecutor(t, thrown);
      }
    }
    return null;
  }

  /** Whether {@code message} is Spark's report of a JVM that ran out of memory. */
  static boolean isReported(String message) {
    return REPORTED.matcher(message).matches();
  }

  /** An executor died of an OutOfMemoryError ({@code reason}, as Spark gave it) and the job failed. */
  static MemoryException executorDied(String reason, Throwable thrown) {
    return executor("out of memory on an executor (" + reason + ")", thrown);
  }

  private static MemoryException inDriver(Throwable error, Throwable thrown) {
    return driver("out of memory in the driver's JVM (" + firstLine(error) + ")", thrown);
  }

  /** The driver's JVM has less heap than Spark accepts ({@code why} says how much). */
  static MemoryException driverTooSmall(String why) {
    return driver("too little memory for the driver's JVM (" + why + ")", null);
  }

  private static MemoryException driver(String what, Throwable thrown) {
    return new MemoryException(what + ". "
        + "Raise the driver's memory: spark.driver.memory (spark-submit --driver-memory), or with "
        + "bin/sparktrain, -Xmx in SPARKTRAIN_JAVA_OPTS (default -Xmx8g); in local mode the "
        + "training tasks share that JVM. ND4J's off-heap arrays are capped at the heap's size "
        + "too (-Dorg.bytedeco.javacpp.maxbytes).", thrown);
  }

  private static MemoryException inExecutor(Throwable error, Throwable thrown) {
    return executor("out of memory on an executor (" + firstLine(error) + ")", thrown);
  }

  /** The executors are given less memory than Spark accepts ({@code why} says how much). */
  static MemoryException executorTooSmall(String why) {
    return executor("too little memory for the executors (" + why + ")", null);
  }

  private static MemoryException executor(String what, Throwable thrown) {
    return new MemoryException(what + ". Raise "
        + "spark.executor.memory (spark-submit --executor-memory), or give each executor fewer "
        + "task slots (spark.executor.cores); ND4J's off-heap arrays count against "
        + "spark.executor.memoryOverhead.", thrown);
  }

  /** The error's first line, without Spark's stage and task preamble where it can be cut. */
  private static String firstLine(Throwable error) {
    String message = String.valueOf(error.getMessage());
    int oom = message.indexOf("java.lang.OutOfMemoryError");
    String line = (oom >= 0 ? message.substring(oom) : error instanceof OutOfMemoryError
        ? error.toString() : message).lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
