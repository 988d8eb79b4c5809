package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.sparktrain.train.replica.Replica;
import io.sparktrain.train.worker.EpochOrder;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

class ExecutorWarmupTest {

  private static final String NAME = ExecutorWarmup.class.getName();

  @Test
  void applyAddsThePluginOnceAndKeepsTheUsersOwn() {
    SparkConf conf = new SparkConf(false).set("spark.plugins", "com.example.Mine");
    ExecutorWarmup.apply(conf);
    ExecutorWarmup.apply(conf);
    assertEquals("com.example.Mine," + NAME, conf.get("spark.plugins"));

    SparkConf bare = new SparkConf(false);
    ExecutorWarmup.apply(bare);
    assertEquals(NAME, bare.get("spark.plugins"));
  }

  @Test
  void offLeavesThePluginsAlone() {
    SparkConf conf = new SparkConf(false).set(ExecutorWarmup.KEY, "false");
    ExecutorWarmup.apply(conf);
    assertFalse(conf.contains("spark.plugins"));
  }

  @Test
  void anExecutorOfAClusterWarmsUpAsSparkBuildsIt() {
    assertEquals(!cudaOnClassPath(), ExecutorWarmup.onStart(context("spark://10.0.0.1:7077")));
  }

  @Test
  void localModeAndGpuExecutorsDoNot() {
    assertFalse(ExecutorWarmup.warmsUp(context("local[2]")));
    assertFalse(ExecutorWarmup.warmsUp(context("local")));
    PluginContext withGpu = context("yarn", Map.of("gpu",
        new ResourceInformation("gpu", new String[] {"0"})));
    assertFalse(ExecutorWarmup.warmsUp(withGpu));
    // local-cluster starts executor JVMs of their own: those warm up.
    assertEquals(!cudaOnClassPath(),
        ExecutorWarmup.warmsUp(context("local-cluster[2,1,1024]")));
  }

  /**
   * The warm-up leaves no static state behind (caches, settings) that changes a later seeded
   * training on the same thread; ND4J's generator is the thread's, and each training seeds it.
   */
  @Test
  void aTrainingAfterItIsBitForBitTheOneBefore() {
    float[] before = trained();
    assertTrue(ExecutorWarmup.warmUp());
    assertArrayEquals(before, trained());
  }

  /** The warm-up's own network, seeded, six shuffled steps: its state after them. */
  private static float[] trained() {
    Replica replica = ExecutorWarmup.tinyReplica();
    replica.seedRandom(11);
    replica.trainSteps(EpochOrder.of(replica.shardSize(), 5, true), 0, 6, 4);
    float[] state = new float[replica.stateLength()];
    replica.writeState(state);
    return state;
  }

  private static boolean cudaOnClassPath() {
    try {
      Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false,
          ExecutorWarmupTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static PluginContext context(String master) {
    return context(master, Map.of());
  }

  /** What Spark hands an executor plugin, as far as the warm-up reads it. */
  private static PluginContext context(String master,
      Map<String, ResourceInformation> resources) {
    SparkConf conf = new SparkConf(false).set("spark.master", master);
    return new PluginContext() {
      @Override
      public MetricRegistry metricRegistry() {
        return new MetricRegistry();
      }

      @Override
      public SparkConf conf() {
        return conf;
      }

      @Override
      public String executorID() {
        return "1";
      }

      @Override
      public String hostname() {
        return "localhost";
      }

      @Override
      public Map<String, ResourceInformation> resources() {
        return resources;
      }

      @Override
      public void send(Object message) {
        throw new UnsupportedOperationException("the warm-up sends nothing to the driver");
      }

      @Override
      public Object ask(Object message) {
        throw new UnsupportedOperationException("the warm-up asks the driver nothing");
      }
    };
  }
}
