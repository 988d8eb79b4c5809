package io.sparktrain.cli;

import io.sparktrain.spec.MemoryException;
import org.apache.spark.SparkConf;

/**
 * Spark's own minimum heap (1.5 times the 300 MiB it reserves: 450 MiB), checked before Spark
 * checks it. Spark refuses a smaller driver heap or spark.executor.memory while the SparkContext
 * starts, and logs that refusal as "Error initializing SparkContext" with a 30-line stack before
 * sparktrain can say which setting to raise; checked first, the user sees the one line.
 */
final class MemoryFloor {

  /** Spark's RESERVED_SYSTEM_MEMORY_BYTES (UnifiedMemoryManager). */
  private static final long RESERVED = 300L * 1024 * 1024;

  private MemoryFloor() {}

  /**
   * The memory error Spark would raise for this configuration in a driver JVM whose heap is
   * {@code maxMemory} bytes, or null if Spark would accept it. Honours Spark's own test overrides
   * (spark.testing.memory, spark.testing.reservedMemory) as Spark does.
   */
  static MemoryException check(SparkConf conf, long maxMemory) {
    long reserved = conf.getLong("spark.testing.reservedMemory",
        conf.contains("spark.testing") ? 0 : RESERVED);
    long minimum = (long) Math.ceil(reserved * 1.5);
    long heap = conf.getLong("spark.testing.memory", maxMemory);
    if (heap < minimum) {
      return OutOfMemory.driverTooSmall("its heap is " + mib(heap) + "; Spark needs at least "
          + mib(minimum));
    }
    if (conf.contains("spark.executor.memory")) {
      long executor = conf.getSizeAsBytes("spark.executor.memory");
      if (executor < minimum) {
        return OutOfMemory.executorTooSmall("spark.executor.memory is " + mib(executor)
            + "; Spark needs at least " + mib(minimum));
      }
    }
    return null;
  }

  private static String mib(long bytes) {
    return (bytes / (1024 * 1024)) + " MiB";
  }
}
