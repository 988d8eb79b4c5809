package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.exchange.ExampleWeightedSum;
import io.sparktrain.exchange.TaskExchange;
import io.sparktrain.train.replica.Replica;
import io.sparktrain.train.worker.EpochOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms each executor up before it takes its first task: a Spark plugin whose executor side loads
 * ND4J's native backend and trains a tiny network a few steps through the replica and the fused
 * step the training tasks use, and so loads, links and initializes the classes that the first
 * epoch would otherwise load on the task's thread.
 *
 * <p>Why: a fresh executor spent 0.8-1.2 s of the first epoch on that, against local mode's JVM,
 * which the driver had warmed (docs/performance.md, "a fresh executor's first epoch"), and in a
 * barrier stage the other tasks wait for the slowest.
 *
 * <p>It runs in the plugin's {@code init}, which Spark calls while it builds the executor, before
 * it offers the executor's cores to the driver: no task runs beside it. Two threads initialising
 * ND4J at once could deadlock in JavaCPP 1.5.7 (its {@code Loader} and {@code Pointer} classes,
 * bytedeco/javacpp#737), and on a one-core executor they would only share the core. Local mode
 * is left out: its executor is the driver's JVM, which loads all of this for the driver's own
 * network. The warm-up changes no state a task reads (ND4J's random generator and workspaces are
 * per thread, the thread is Spark's, not a task's, and the tiny replica is dropped), and it never
 * fails the executor: whatever it throws is logged and the executor starts as it would have.
 * Executors with a GPU, or with ND4J's CUDA backend on the class path, are left alone: tasks bind
 * ND4J to the GPU Spark gave them ({@link GpuAffinity}), which the warm-up would not. Off with
 * {@code spark.sparktrain.warmup=false}.
 */
public final class ExecutorWarmup implements SparkPlugin {

  /** Whether the commands add this plugin to {@code spark.plugins} (default true). */
  public static final String KEY = "spark.sparktrain.warmup";
  private static final String PLUGINS = "spark.plugins";
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorWarmup.class);
  private static final int FEATURES = 16;
  private static final int HIDDEN = 8;
  private static final int CLASSES = 2;
  private static final int STEPS = 8;
  private static final int BATCH = 4;
  private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

  /** Adds the plugin to {@code conf}'s {@code spark.plugins}, unless {@link #KEY} is false. */
  public static void apply(SparkConf conf) {
    if (!conf.getBoolean(KEY, true)) {
      return;
    }
    String plugins = conf.get(PLUGINS, "").strip();
    if (!List.of(plugins.split("\\s*,\\s*")).contains(ExecutorWarmup.class.getName())) {
      conf.set(PLUGINS, plugins.isEmpty() ? ExecutorWarmup.class.getName()
          : plugins + "," + ExecutorWarmup.class.getName());
    }
  }

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new OnExecutor();
  }

  private static final class OnExecutor implements ExecutorPlugin {

    @Override
    public void init(PluginContext context, Map<String, String> extraConf) {
      onStart(context);
    }
  }

  /** What the executor side does as Spark builds the executor; whether it warmed up. */
  static boolean onStart(PluginContext context) {
    return warmsUp(context) && warmUp();
  }

  /**
   * Whether this executor warms up: not in local mode, whose executor is the driver's JVM (which
   * loads all of this for its own network, so a warm-up would only add to it), and not where it
   * may train on a GPU.
   */
  static boolean warmsUp(PluginContext context) {
    String master = context.conf().get("spark.master", "");
    if (master.equals("local") || master.startsWith("local[")) {
      return false;
    }
    if (context.resources().containsKey(GpuAffinity.GPU) || cudaBackend()) {
      LOG.debug("executor {} may train on a GPU: no warm-up", context.executorID());
      return false;
    }
    return true;
  }

  /** Whether ND4J's CUDA backend is on the class path; loaded, not initialised. */
  private static boolean cudaBackend() {
    try {
      Class.forName(CUDA_BACKEND, false, ExecutorWarmup.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Trains a tiny network a few steps the way a task does, and logs the time it took at debug.
   *
   * @return whether it ran to the end
   */
  static boolean warmUp() {
    long began = System.nanoTime();
    try {
      Replica replica = tinyReplica();
      int[] order = EpochOrder.of(replica.shardSize(), 0, false);
      replica.seedRandom(1);
      replica.trainSteps(order, 0, STEPS, BATCH);
      float[] state = new float[replica.stateLength()];
      replica.writeState(state);
      ExampleWeightedSum.weigh(state, state.length, order.length);
      ExampleWeightedSum.divide(state, state.length, order.length);
      replica.readState(state);
      replica.stateViews();
      replica.capture();
      // The exchange's classes, which every task's first round links.
      Class.forName(TaskExchange.class.getName(), true, ExecutorWarmup.class.getClassLoader());
      LOG.debug("executor warmed up in {} ms", (System.nanoTime() - began) / 1_000_000);
      return true;
    } catch (Throwable e) {
      // Even an OutOfMemoryError here must not end the executor: the tasks may still fit. Said
      // in full, since a class whose initialiser failed here fails the tasks later without it.
      LOG.warn("executor warm-up stopped; the first task loads what it needs itself", e);
      return false;
    } finally {
      forgetWorkspaces();
    }
  }

  /** The workspaces stay with Spark's thread otherwise, for the executor's life; quietly. */
  private static void forgetWorkspaces() {
    try {
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    } catch (Throwable e) {
      LOG.debug("the warm-up's workspaces were not destroyed: {}", e.toString());
    }
  }

  /** An MLP with Adam over a few made-up examples, built as the tasks build theirs. */
  static Replica tinyReplica() {
    String json = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).list()
        .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(HIDDEN).activation(Activation.RELU)
            .build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
            .activation(Activation.SOFTMAX).build())
        .build().toJson();
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < STEPS * BATCH; i++) {
      float[] features = new float[FEATURES];
      features[i % FEATURES] = 1;
      examples.add(new Example(i, features, i % CLASSES));
    }
    int parameters = FEATURES * HIDDEN + HIDDEN + HIDDEN * CLASSES + CLASSES;
    float[] initial = new float[parameters];
    for (int i = 0; i < parameters; i++) {
      initial[i] = (i % 7 - 3) * 0.05f;
    }
    return MultiLayerReplica.build(json, initial, Shard.of(examples.iterator(), CLASSES), List.of(),
        true, true);
  }
}
