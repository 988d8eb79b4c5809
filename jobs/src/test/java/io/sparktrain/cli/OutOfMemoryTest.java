package io.sparktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.MemoryException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Running out of memory ends in exit 6 and one message naming the setting to raise, whichever
 * JVM ran out and however Spark reported it (the messages are Spark 3.5's own formats).
 */
class OutOfMemoryTest {

  @Test
  void anOutOfMemoryErrorInTheDriverNamesTheDriversSettings() {
    MemoryException e = OutOfMemory.explain(new OutOfMemoryError("Java heap space"));

    assertEquals(6, e.exitCode());
    assertTrue(e.getMessage().contains("java.lang.OutOfMemoryError: Java heap space"),
        e.getMessage());
    assertTrue(e.getMessage().contains("spark.driver.memory"), e.getMessage());
    assertTrue(e.getMessage().contains("SPARKTRAIN_JAVA_OPTS"), e.getMessage());
  }

  @Test
  void aLocalTaskOutOfMemoryIsTheDriversJvm() {
    SparkException failed = new SparkException("Job aborted due to stage failure: Task 1 in "
        + "stage 2.0 failed 1 times, most recent failure: Lost task 1.0 in stage 2.0 (TID 3) "
        + "(192.0.2.2 executor driver): java.lang.OutOfMemoryError: Java heap space\n"
        + "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)");

    MemoryException e = OutOfMemory.explain(failed);

    assertTrue(e.getMessage().startsWith("out of memory in the driver's JVM "
        + "(java.lang.OutOfMemoryError: Java heap space)"), e.getMessage());
    assertFalse(e.getMessage().contains("Arrays.copyOf"), "a stack line in " + e.getMessage());
  }

  @Test
  void anExecutorThatDiedOfItNamesTheExecutorsSettings() {
    SparkException failed = new SparkException("Job aborted due to stage failure: Task 0 in "
        + "stage 4.0 failed 4 times, most recent failure: Lost task 0.3 in stage 4.0 (TID 9) "
        + "(127.0.0.1 executor 2): ExecutorLostFailure (executor 2 exited caused by one of the "
        + "running tasks) Reason: Command exited with code 52");

    MemoryException e = OutOfMemory.explain(new RuntimeException("epoch 3", failed));

    assertTrue(e.getMessage().contains("spark.executor.memory"), e.getMessage());
    assertFalse(e.getMessage().contains("spark.driver.memory"), e.getMessage());
  }

  @Test
  void sparksRefusalToStartOnASmallHeapIsTheSameMistake() {
    IllegalArgumentException refused = new IllegalArgumentException("[INVALID_DRIVER_MEMORY] "
        + "System memory 134217728 must be at least 471859200. Please increase heap size using "
        + "the --driver-memory option or \"spark.driver.memory\" in Spark configuration.");

    MemoryException e = OutOfMemory.explain(refused);

    assertTrue(e.getMessage().contains("SPARKTRAIN_JAVA_OPTS"), e.getMessage());
  }

  @Test
  void otherFailuresAreNotAboutMemory() {
    assertNull(OutOfMemory.explain(new SparkException("Job aborted due to stage failure: "
        + "Task 0 in stage 1.0 failed 1 times: java.lang.ArithmeticException: / by zero")));
  }

  @Test
  void theHandlerExitsWith6AndPrintsNoStack() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new SparktrainCli()).setErr(new PrintWriter(err, true));

    int code = new ExitCodes(false).handleExecutionException(
        new CommandLine.ExecutionException(command, "train", new RuntimeException(
            new SparkException("Lost task 0.0 in stage 1.0 (TID 1) (192.0.2.2 executor driver): "
                + "java.lang.OutOfMemoryError: Java heap space"))), command, null);

    assertEquals(6, code);
    assertTrue(err.toString().startsWith("error: out of memory in the driver's JVM"),
        err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
    assertFalse(err.toString().contains("--verbose"), err.toString());
  }
}
