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
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * How the tasks build a {@link MultiLayerReplica} or a {@link GraphReplica}: the run it belongs
 * to, the network's configuration, what it learns to output, the starting parameters (which
 * carry the frozen layers, never sent again), the network's serializable training listeners (the
 * gradient hooks it trains with, such as global-norm clipping), and whether the replicas step with
 * sparktrain's fused optimizer step ({@code spark.sparktrain.fusedStep}, default true; where it
 * does not cover the network the replica falls back to DL4J's {@code fit()} on its own), and
 * whether that step also owns the forward and backward pass of dense networks
 * ({@code spark.sparktrain.densePass}, default true; DL4J's otherwise).
 */
record ReplicaRecipe(String runId, String configurationJson, Target target,
    Broadcast<float[]> initialParams, List<TrainingListener> listeners, boolean fusedStep,
    boolean ownForwardBackward, boolean graph) implements ReplicaSource {

  static final String FUSED_STEP_KEY = "spark.sparktrain.fusedStep";
  /** sparktrain's own forward and backward for dense networks inside the fused step. */
  static final String DENSE_PASS_KEY = "spark.sparktrain.densePass";

  /**
   * A recipe for a new run (fresh id) starting from {@code initial}, a MultiLayerNetwork or a
   * ComputationGraph.
   */
  static ReplicaRecipe of(JavaSparkContext sc, Model initial, Target target) {
    boolean graph = initial instanceof ComputationGraph;
    String json = graph ? ((ComputationGraph) initial).getConfiguration().toJson()
        : Networks.stack(initial).getLayerWiseConfigurations().toJson();
    return new ReplicaRecipe(UUID.randomUUID().toString(), json, target,
        sc.broadcast(initial.params().toFloatVector()), serializable(graph
            ? ((ComputationGraph) initial).getListeners() : Networks.stack(initial).getListeners()),
        sc.getConf().getBoolean(FUSED_STEP_KEY, true),
        sc.getConf().getBoolean(DENSE_PASS_KEY, true), graph);
  }

  /** The driver's replica of {@code network} itself: a MultiLayerNetwork or ComputationGraph. */
  static Replica driverOf(Model network) {
    return network instanceof ComputationGraph graph ? GraphReplica.of(graph)
        : MultiLayerReplica.of(Networks.stack(network));
  }

  /** The listeners of {@code network} that can travel to another JVM. */
  static List<TrainingListener> serializableListeners(MultiLayerNetwork network) {
    return serializable(network.getListeners());
  }

  private static List<TrainingListener> serializable(java.util.Collection<TrainingListener> all) {
    return all == null ? List.of() : all.stream().filter(l -> l instanceof Serializable).toList();
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
    Shard shard = Shard.of(examples, target);
    return graph
        ? GraphReplica.build(configurationJson, initialParams.value(), shard, listeners, fusedStep)
        : MultiLayerReplica.build(configurationJson, initialParams.value(), shard, listeners,
            fusedStep, ownForwardBackward);
  }
}
