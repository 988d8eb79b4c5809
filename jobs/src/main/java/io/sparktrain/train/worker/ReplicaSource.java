package io.sparktrain.train.worker;

import io.sparktrain.data.Example;
import io.sparktrain.train.replica.Replica;
import java.io.Serializable;
import java.util.Iterator;

/**
 * What the tasks need to find or build their executor-resident {@link Replica}: the run it belongs
 * to, and how to build one over a partition's examples. The driver's engine makes one per run and
 * ships it in the task closures; the network kind and library are its business alone.
 */
public interface ReplicaSource extends Serializable {

  /** Unique per training run: keys the executors' replica caches and the stage's exchanges. */
  String runId();

  /**
   * Prepares the calling task's thread before it touches the network, in every task (the DL4J
   * source binds it to the GPU Spark gave the task, if any).
   */
  void enterTask();

  /** A new replica of the run's starting network, training on {@code examples}. */
  Replica create(Iterator<Example> examples);
}
