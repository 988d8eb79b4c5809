package io.sparktrain.train;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;

/**
 * Executor-local home of the replicas of running trainings, keyed by run and partition. A task
 * that lands where its replica is not (a new or restarted executor) rebuilds it from the cached
 * shard and the broadcast state, so the cache only saves work and never changes a result.
 */
final class ReplicaCache {

  private static final Map<String, Replica> REPLICAS = new ConcurrentHashMap<>();

  private ReplicaCache() {}

  static Replica get(String runId, int partition, Supplier<Replica> create) {
    return REPLICAS.computeIfAbsent(runId + "/" + partition, key -> create.get());
  }

  /** Drops every replica of a run, in the driver and on every executor that holds a shard. */
  static void releaseEverywhere(String runId, JavaRDD<?> shards) {
    release(runId);
    shards.foreachPartition(it -> release(runId));
  }

  /** Drops every replica of a run in this JVM. */
  static void release(String runId) {
    REPLICAS.keySet().removeIf(key -> key.startsWith(runId + "/"));
  }
}
