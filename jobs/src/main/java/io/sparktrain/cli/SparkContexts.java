package io.sparktrain.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Opens the Spark application of a command. Under spark-submit the master and settings come from
 * it; run directly (bin/sparktrain), the job runs in local mode with one task slot per worker.
 */
final class SparkContexts {

  private SparkContexts() {}

  static JavaSparkContext open(String appName, String master, int workers) {
    SparkConf conf = new SparkConf(true);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[" + workers + "]");
      conf.set("spark.driver.host", "127.0.0.1");
      conf.set("spark.driver.bindAddress", "127.0.0.1");
    }
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    return JavaSparkContext.fromSparkContext(
        SparkSession.builder().config(conf).getOrCreate().sparkContext());
  }
}
