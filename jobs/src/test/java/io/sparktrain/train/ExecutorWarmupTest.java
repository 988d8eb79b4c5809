package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
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
  void trainsTheTinyNetworkToTheEnd() {
    int before = ExecutorWarmup.finished();
    assertTrue(ExecutorWarmup.warmUp());
    assertEquals(before + 1, ExecutorWarmup.finished());
  }

  /** Spark starts the executor side in local mode too, whose executor is the driver's JVM. */
  @Test
  void sparkRunsItOnTheExecutor() throws InterruptedException {
    int before = ExecutorWarmup.finished();
    SparkConf conf = new SparkConf(false).setMaster("local[1]").setAppName("warm-up")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
    ExecutorWarmup.apply(conf);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(
        SparkSession.builder().config(conf).getOrCreate().sparkContext());
    try {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (ExecutorWarmup.finished() == before && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(before + 1, ExecutorWarmup.finished());
    } finally {
      sc.stop();
    }
  }
}
