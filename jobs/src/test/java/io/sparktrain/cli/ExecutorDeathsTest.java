package io.sparktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.MemoryException;
import io.sparktrain.spec.TrainingException;
import org.apache.spark.SparkException;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.junit.jupiter.api.Test;

/**
 * A barrier stage whose executors died of an OutOfMemoryError fails with a shuffle error that
 * says nothing about memory (seen on the standalone cluster by executor-memory.sh's big case);
 * the executors' removals, as Spark 3.5 reports them to listeners, still decide the exit code.
 */
class ExecutorDeathsTest {

  private static final TrainingException STAGE_FAILED = new TrainingException(
      "the training stage failed", new SparkException("Job aborted due to stage failure: "
          + "ShuffleMapStage 13 (mapToPair at BarrierEngine.java:165) has failed the maximum "
          + "allowable number of times: 4. Most recent failure reason: "
          + "org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location "
          + "for shuffle 0 partition 0"));

  @Test
  void aStageFailureAfterAnExecutorDiedOfItIsExit6NamingTheExecutorsMemory() {
    ExecutorDeaths deaths = new ExecutorDeaths();
    deaths.onExecutorRemoved(new SparkListenerExecutorRemoved(1L, "0",
        "Command exited with code 52"));

    MemoryException e = deaths.explain(STAGE_FAILED);

    assertEquals(6, e.exitCode());
    assertTrue(e.getMessage().startsWith("out of memory on an executor (executor 0: Command "
        + "exited with code 52)"), e.getMessage());
    assertTrue(e.getMessage().contains("spark.executor.memory"), e.getMessage());
  }

  @Test
  void otherDeathsAndOtherErrorsKeepTheirOwnExplanation() {
    ExecutorDeaths lost = new ExecutorDeaths();
    lost.onExecutorRemoved(new SparkListenerExecutorRemoved(1L, "1", "Worker shutting down"));
    assertNull(lost.explain(STAGE_FAILED), "an executor lost for another reason");

    ExecutorDeaths oom = new ExecutorDeaths();
    oom.onExecutorRemoved(new SparkListenerExecutorRemoved(1L, "0",
        "Command exited with code 52"));
    assertNull(oom.explain(new DataException("data/train.csv:7: label 12 out of range")),
        "a data error the job found after an executor's death is still the data's");
    assertNull(new ExecutorDeaths().explain(STAGE_FAILED), "no death seen");
  }
}
