package io.sparktrain.train.worker;

import io.sparktrain.data.Example;
import io.sparktrain.exchange.SharedFileSum;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;

/**
 * Executor-local home of the replicas of running trainings, keyed by run and partition, so that a
 * round costs k steps and loading the averaged state, not a network rebuild. A task that lands
 * where its replica is not (a new or restarted executor) rebuilds it from the cached shard and the
 * broadcast state, so the cache only saves work and never changes a result.
 */
public final class ReplicaCache {

  private static final Map<String, Resident> REPLICAS = new ConcurrentHashMap<>();

  private ReplicaCache() {}

  /** The partition's replica in this JVM, built from {@code examples} if absent. */
  static Resident get(ReplicaSource source, int partition, Iterator<Example> examples) {
    return REPLICAS.computeIfAbsent(source.runId() + "/" + partition,
        key -> new Resident(source.create(examples)));
  }

  /**
   * After a failed task: drops its replica when it keeps its state in a shared file's slot, so
   * that the retry builds a new one from the shard: a peer killed half-way through a round may
   * still write into that slot while the retry runs.
   */
  static void dropIfLodged(ReplicaSource source, int partition, Resident resident) {
    if (resident.replica().lodged()) {
      REPLICAS.remove(source.runId() + "/" + partition, resident);
    }
  }

  /** Drops every replica of a run, in the driver and on every executor that holds a shard. */
  public static void releaseEverywhere(String runId, JavaRDD<?> shards) {
    release(runId);
    shards.foreachPartition(it -> release(runId));
  }

  /**
   * Drops every replica of a run in this JVM, and closes every shared file parked here between
   * epochs (a run still going makes a new one at its next epoch).
   */
  static void release(String runId) {
    REPLICAS.keySet().removeIf(key -> key.startsWith(runId + "/"));
    SharedFileSum.closeParked();
  }
}
