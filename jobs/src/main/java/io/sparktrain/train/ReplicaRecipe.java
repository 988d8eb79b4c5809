package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.train.replica.Replica;
import io.sparktrain.train.worker.ReplicaCache;
import io.sparktrain.train.worker.ReplicaSource;
import java.util.Iterator;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * How the tasks build a {@link MultiLayerReplica}: the run it belongs to, the network's
 * configuration, what it learns to output, and the starting parameters (which carry the frozen
 * layers, never sent again).
 */
record ReplicaRecipe(String runId, String configurationJson, Target target,
    Broadcast<float[]> initialParams) implements ReplicaSource {

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

  @Override
  public void enterTask() {
    GpuAffinity.pinCurrentTask();
  }

  @Override
  public Replica create(Iterator<Example> examples) {
    return MultiLayerReplica.build(configurationJson, initialParams.value(),
        Shard.of(examples, target));
  }
}
