package io.sparktrain.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * A test class that trains on Spark: one local[2] session ({@link SparkTestSession}) for all its
 * tests, named after the class, started before the first and stopped after the last.
 */
public abstract class LocalSparkTest {

  protected static JavaSparkContext sc;

  @BeforeAll
  static void startSpark(TestInfo info) {
    sc = SparkTestSession.start(info.getTestClass().map(Class::getSimpleName).orElse("test"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }
}
