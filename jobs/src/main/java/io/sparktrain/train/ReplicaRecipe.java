package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.train.replica.Replica;
import io.sparktrain.train.worker.ReplicaCache;
import io.sparktrain.train.worker.ReplicaSource;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * How the tasks build a {@link MultiLayerReplica}: the run it belongs to, the network's
 * configuration, what it learns to output, the starting parameters (which carry the frozen
 * layers, never sent again), the network's serializable training listeners (the gradient
 * hooks it trains with, such as global-norm clipping), and whether the replicas step with
 * sparktrain's fused optimizer step ({@code spark.sparktrain.fusedStep}, default true; where it
 * does not cover the network the replica falls back to DL4J's {@code fit()} on its own).
 */
record ReplicaRecipe(String runId, String configurationJson, Target target,
    Broadcast<float[]> initialParams, List<TrainingListener> listeners, boolean fusedStep)
    implements ReplicaSource {

  static final String FUSED_STEP_KEY = "spark.sparktrain.fusedStep";

  /** A recipe for a new run (fresh id) starting from {@code initial}. */
  static ReplicaRecipe of(JavaSparkContext sc, MultiLayerNetwork initial, Target target) {
    return new ReplicaRecipe(UUID.randomUUID().toString(),
        initial.getLayerWiseConfigurations().toJson(), target,
        sc.broadcast(initial.params().toFloatVector()), serializableListeners(initial),
        sc.getConf().getBoolean(FUSED_STEP_KEY, true));
  }

  /** The listeners of {@code network} that can travel to another JVM. */
  static List<TrainingListener> serializableListeners(MultiLayerNetwork network) {
    return network.getListeners().stream().filter(l -> l instanceof Serializable).toList();
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
        Shard.of(examples, target), listeners, fusedStep);
  }
}
