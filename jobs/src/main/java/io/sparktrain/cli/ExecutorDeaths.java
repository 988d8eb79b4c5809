package io.sparktrain.cli;

import io.sparktrain.spec.MemoryException;
import io.sparktrain.spec.SparktrainException;
import io.sparktrain.spec.TrainingException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;

/**
 * Remembers an executor that Spark saw die of an OutOfMemoryError (its exit code 52), so that a job
 * which then fails for another stated reason still says what to raise. A barrier stage whose
 * executors die of it fails with "Missing an output location for shuffle" once its retries run
 * out: the executors' deaths appear only in the log, not in the job's failure, which would
 * otherwise end as a training error (exit 4) with nothing about memory.
 */
final class ExecutorDeaths extends SparkListener {

  private final AtomicReference<String> outOfMemory = new AtomicReference<>();

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
    String reason = "executor " + removed.executorId() + ": " + removed.reason();
    if (OutOfMemory.isReported(reason)) {
      outOfMemory.compareAndSet(null, reason);
    }
  }

  /**
   * {@code failure} explained as the executors' lack of memory when one of them died of it during
   * the job; null when none did, or when the failure already says what else went wrong (a data or
   * spec error, which an executor's earlier death does not explain).
   */
  MemoryException explain(RuntimeException failure) {
    String reason = outOfMemory.get();
    SparktrainException known = ExitCodes.find(failure);
    if (reason == null || (known != null && !(known instanceof TrainingException))) {
      return null;
    }
    return OutOfMemory.executorDied(reason, failure);
  }
}
