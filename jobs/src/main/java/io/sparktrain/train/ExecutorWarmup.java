package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.exchange.ExampleWeightedSum;
import io.sparktrain.exchange.TaskExchange;
import io.sparktrain.train.replica.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Warms each executor up while it waits for its first task: a Spark plugin whose executor side
 * starts a daemon thread that loads ND4J's native backend and trains a tiny network for a few
 * steps through the replica and the fused step the training tasks use, and so loads, links and
 * initializes the classes the first epoch would otherwise load on the task's thread.
 *
 * <p>Why: a fresh executor JVM spent 0.8-1.0 s more of the first epoch than local mode's JVM,
 * which the driver had warmed (docs/performance.md, "the first epoch on a fresh executor"), and
 * in a barrier stage the other tasks wait for the slowest. The executor is idle from its start
 * until the driver has loaded its data and planned the run, so the work costs nothing there.
 *
 * <p>The warm-up changes no state a task reads (ND4J's random generator and workspaces are
 * per thread, and the tiny replica is dropped), and it never fails a task: an error is logged at
 * debug and the thread ends. An executor given GPUs is left alone, since tasks bind ND4J to the
 * GPU Spark gave them ({@link GpuAffinity}). Off with {@code spark.sparktrain.warmup=false}.
 */
public final class ExecutorWarmup implements SparkPlugin {

  /** Whether the commands add this plugin to {@code spark.plugins} (default true). */
  public static final String KEY = "spark.sparktrain.warmup";
  private static final String PLUGINS = "spark.plugins";
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorWarmup.class);
  private static final int FEATURES = 16;
  private static final int STEPS = 8;
  /** Warm-ups that ran to the end in this JVM. */
  private static final AtomicInteger FINISHED = new AtomicInteger();

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
      if (context.resources().containsKey("gpu")) {
        LOG.debug("executor {} has GPUs: no warm-up", context.executorID());
        return;
      }
      Thread thread = new Thread(ExecutorWarmup::warmUp, "sparktrain-warmup");
      thread.setDaemon(true);
      thread.start();
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
      int[] order = new int[replica.shardSize()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      replica.seedRandom(1);
      replica.trainSteps(order, 0, STEPS, 4);
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
      FINISHED.incrementAndGet();
      return true;
    } catch (Exception | LinkageError e) {
      LOG.debug("executor warm-up stopped: {}", e.toString());
      return false;
    } finally {
      forgetWorkspaces();
    }
  }

  /** The thread's workspaces go with it; ND4J may be what failed to load, so quietly. */
  private static void forgetWorkspaces() {
    try {
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    } catch (Exception | LinkageError e) {
      LOG.debug("the warm-up's workspaces were not destroyed: {}", e.toString());
    }
  }

  /** Warm-ups that ran to the end in this JVM. */
  static int finished() {
    return FINISHED.get();
  }

  /** An MLP with Adam over a few made-up examples, built as the tasks build theirs. */
  private static Replica tinyReplica() {
    String json = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).list()
        .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(8).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2)
            .activation(Activation.SOFTMAX).build())
        .build().toJson();
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      float[] features = new float[FEATURES];
      features[i % FEATURES] = 1;
      examples.add(new Example(i, features, i % 2));
    }
    int parameters = FEATURES * 8 + 8 + 8 * 2 + 2;
    float[] initial = new float[parameters];
    for (int i = 0; i < parameters; i++) {
      initial[i] = (i % 7 - 3) * 0.05f;
    }
    return MultiLayerReplica.build(json, initial, Shard.of(examples.iterator(), 2), List.of(),
        true, true);
  }
}
