package io.sparktrain.train;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** One local[2] Spark session per test class: start it in @BeforeAll, stop it in @AfterAll. */
public final class SparkTestSession {

  private SparkTestSession() {}

  public static JavaSparkContext start(String name) {
    SparkConf conf = new SparkConf()
        .setMaster("local[2]")
        .setAppName(name)
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.sql.shuffle.partitions", "2");
    // As bin/sparktrain and spark-submit run: Kryo with sparktrain's registrator.
    KryoSetup.apply(conf);
    return JavaSparkContext.fromSparkContext(
        SparkSession.builder().config(conf).getOrCreate().sparkContext());
  }
}
