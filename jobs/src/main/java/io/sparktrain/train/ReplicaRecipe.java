package io.sparktrain.train;

import io.sparktrain.data.Example;
import java.io.Serializable;
import java.util.Iterator;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What a task needs to find or build its executor-resident {@link Replica}: the run it belongs to,
 * the network's configuration, what it learns to output, and the starting parameters (which carry
 * the frozen layers, never sent again).
 */
record ReplicaRecipe(String runId, String configurationJson, Target target,
    Broadcast<float[]> initialParams) implements Serializable {

  /** A recipe for a new run (fresh id) starting from {@code initial}. */
  static ReplicaRecipe of(JavaSparkContext sc, MultiLayerNetwork initial, Target target) {
    return new ReplicaRecipe(UUID.randomUUID().toString(),
        initial.getLayerWiseConfigurations().toJson(), target,
        sc.broadcast(initial.params().toFloatVector()));
  }

  /** Drops the run's replicas everywhere and its broadcast starting parameters. */
  void release(JavaRDD<?> shards) {
    ReplicaCache.releaseEverywhere(runId, shards);
    initialParams.destroy(false);
  }

  /** The partition's replica from this executor's cache, built from its examples if absent. */
  Replica replica(int partition, Iterator<Example> examples) {
    return ReplicaCache.get(runId, partition,
        () -> new Replica(configurationJson, initialParams.value(), Shard.of(examples, target)));
  }
}
