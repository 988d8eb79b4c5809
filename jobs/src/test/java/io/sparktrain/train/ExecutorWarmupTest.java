package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.sparktrain.data.Example;
import io.sparktrain.train.replica.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.resource.ResourceInformation;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

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
    new ExecutorWarmup().executorPlugin().init(context("spark://10.0.0.1:7077", "app-1"), Map.of());
    assertEquals(!cudaOnClassPath(), ExecutorWarmup.warmed("app-1"));
  }

  @Test
  void localModeAndGpuExecutorsDoNot() {
    assertFalse(ExecutorWarmup.warmsUp(context("local[2]", "app-2")));
    assertFalse(ExecutorWarmup.warmsUp(context("local", "app-2")));
    PluginContext withGpu = context("yarn", "app-2", Map.of("gpu",
        new ResourceInformation("gpu", new String[] {"0"})));
    assertFalse(ExecutorWarmup.warmsUp(withGpu));
    // local-cluster starts executor JVMs of their own: those warm up.
    assertEquals(!cudaOnClassPath(),
        ExecutorWarmup.warmsUp(context("local-cluster[2,1,1024]", "app-2")));
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

  private static float[] trained() {
    String json = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(0.01)).list()
        .layer(new DenseLayer.Builder().nIn(5).nOut(6).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build().toJson();
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      examples.add(new Example(i, new float[] {i % 2, i % 3, i % 5 * 0.2f, 1, -i * 0.01f}, i % 3));
    }
    float[] initial = new float[5 * 6 + 6 + 6 * 3 + 3];
    for (int i = 0; i < initial.length; i++) {
      initial[i] = (float) Math.sin(i) * 0.3f;
    }
    Replica replica = MultiLayerReplica.build(json, initial, Shard.of(examples.iterator(), 3),
        List.of(), true, true);
    int[] order = new int[examples.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = (i * 7) % order.length;
    }
    replica.seedRandom(11);
    replica.trainSteps(order, 0, 6, 4);
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

  private static PluginContext context(String master, String appId) {
    return context(master, appId, Map.of());
  }

  /** What Spark hands an executor plugin, as far as the warm-up reads it. */
  private static PluginContext context(String master, String appId,
      Map<String, ResourceInformation> resources) {
    SparkConf conf = new SparkConf(false).set("spark.master", master).set("spark.app.id", appId);
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
