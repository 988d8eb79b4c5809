package io.sparktrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.MemoryException;
import org.apache.spark.SparkConf;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.Test;

/**
 * Spark's 450 MiB minimum, checked before Spark logs its refusal with a stack: the same verdicts
 * as Spark's own check, and a message naming the setting to raise.
 */
class MemoryFloorTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void aDriverHeapUnder450MiBNamesTheDriversSettings() {
    MemoryException e = MemoryFloor.check(new SparkConf(false), 256 * MIB);

    assertEquals(6, e.exitCode());
    assertTrue(e.getMessage().startsWith("too little memory for the driver's JVM (its heap is "
        + "256 MiB; Spark needs at least 450 MiB)"), e.getMessage());
    assertTrue(e.getMessage().contains("SPARKTRAIN_JAVA_OPTS"), e.getMessage());
  }

  @Test
  void executorMemoryUnder450MiBNamesTheExecutorsSetting() {
    SparkConf conf = new SparkConf(false).set("spark.executor.memory", "400m");

    MemoryException e = MemoryFloor.check(conf, 2048 * MIB);

    assertTrue(e.getMessage().startsWith("too little memory for the executors "
        + "(spark.executor.memory is 400 MiB"), e.getMessage());
    assertTrue(e.getMessage().contains("spark.executor.memory (spark-submit --executor-memory)"),
        e.getMessage());
    assertFalse(e.getMessage().contains("spark.driver.memory"), e.getMessage());
  }

  @Test
  void enoughForSparkPasses() {
    assertNull(MemoryFloor.check(new SparkConf(false).set("spark.executor.memory", "450m"),
        450 * MIB));
  }

  /** Spark's own check on the same inputs: refuses exactly what the floor refuses. */
  @Test
  void agreesWithSparksOwnCheckAtTheBoundary() {
    for (long heap : new long[] {450 * MIB - 1, 450 * MIB}) {
      for (String executor : new String[] {"449m", "450m"}) {
        SparkConf conf = new SparkConf(false).set("spark.testing.memory", Long.toString(heap))
            .set("spark.executor.memory", executor);
        boolean floorRefuses = MemoryFloor.check(conf, 8192 * MIB) != null;
        boolean sparkRefuses = refusedBySpark(conf);
        assertEquals(sparkRefuses, floorRefuses, "heap " + heap + ", executor " + executor);
      }
    }
  }

  private static boolean refusedBySpark(SparkConf conf) {
    try {
      UnifiedMemoryManager.apply(conf, 1);
      return false;
    } catch (IllegalArgumentException refused) {
      return true;
    }
  }
}
