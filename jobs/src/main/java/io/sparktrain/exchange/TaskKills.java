package io.sparktrain.exchange;

import org.apache.spark.TaskContext;

/**
 * Spark kills the surviving tasks of a failed barrier stage by setting a flag, without
 * interrupting their threads. A task waiting for a peer must look at that flag while it waits, or
 * it keeps its slot until its own timeout, and the retried stage (or anything else) cannot start.
 */
public final class TaskKills {

  /** How long one wait lasts before the flag is looked at again. */
  static final int SLICE_MILLIS = 500;

  private TaskKills() {}

  /** Throws Spark's TaskKilledException if this task was killed; nothing outside a task. */
  public static void throwIfKilled() {
    TaskContext context = TaskContext.get();
    if (context != null) {
      context.killTaskIfInterrupted();
    }
  }
}
