package io.sparktrain.cli;

import io.sparktrain.spec.MemoryException;
import io.sparktrain.train.ExecutorWarmup;
import io.sparktrain.train.KryoSetup;
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
    return open(appName, master, workers, java.util.Map.of());
  }

  /** With settings of the command's own, unless spark-submit or the user set them. */
  static JavaSparkContext open(String appName, String master, int workers,
      java.util.Map<String, String> defaults) {
    SparkConf conf = new SparkConf(true);
    defaults.forEach(conf::setIfMissing);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[" + workers + "]");
      conf.set("spark.driver.host", "127.0.0.1");
      conf.set("spark.driver.bindAddress", "127.0.0.1");
      // A task's OutOfMemoryError would make Spark exit the JVM (code 52, a stack in the log):
      // in local mode that JVM is the driver, so fail the task and let the job say what to raise.
      conf.setIfMissing("spark.executor.killOnFatalError.depth", "0");
    }
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // A barrier stage that lacks slots (a lost executor) is retried at submission by Spark every
    // 15 s, 40 times, before it fails; the engine then trains that epoch without a barrier stage.
    // Ten minutes is too long to notice, and cancelling the job meanwhile crashes Spark 3.5's
    // scheduler ("key not found"), so make Spark give up sooner instead.
    conf.setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "5s");
    conf.setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "12");
    KryoSetup.apply(conf);
    ExecutorWarmup.apply(conf);
    adoptWorkerSecret(conf);
    MemoryException tooSmall = MemoryFloor.check(conf, Runtime.getRuntime().maxMemory());
    if (tooSmall != null) {
      throw tooSmall;
    }
    try {
      return JavaSparkContext.fromSparkContext(
          SparkSession.builder().config(conf).getOrCreate().sparkContext());
    } catch (IllegalStateException e) {
      // A master that refuses the application can stop the context while it is still starting.
      if (String.valueOf(e.getMessage()).startsWith(STOPPED)) {
        throw stoppedByCluster(e);
      }
      throw e;
    }
  }

  /**
   * Spark's own message for a context the cluster stopped ("Cannot call methods on a stopped
   * SparkContext") hides the cause; this says it. Other failures pass through unchanged.
   */
  static IllegalStateException explainStopped(JavaSparkContext sc, IllegalStateException e) {
    return sc.sc().isStopped() ? stoppedByCluster(e) : e;
  }

  private static IllegalStateException stoppedByCluster(IllegalStateException cause) {
    return new IllegalStateException("the cluster stopped this Spark application before the "
        + "job finished (the master refused it, for instance a wrong spark.authenticate.secret, "
        + "or every master became unreachable); see Spark's log lines above", cause);
  }

  /**
   * A standalone cluster-mode driver is started by a worker, which hands it the cluster's secret in
   * the environment but drops it from the configuration; Spark's driver then refuses to start
   * without {@code spark.authenticate.secret}. Take the worker's.
   */
  private static void adoptWorkerSecret(SparkConf conf) {
    String secret = System.getenv(WORKER_SECRET_ENV);
    if (conf.getBoolean("spark.authenticate", false) && !conf.contains(SECRET) && secret != null) {
      conf.set(SECRET, secret);
    }
  }

  /** Spark's {@code SecurityManager.ENV_AUTH_SECRET}. */
  private static final String WORKER_SECRET_ENV = "_SPARK_AUTH_SECRET";
  private static final String SECRET = "spark.authenticate.secret";
  /** How Spark's message for a stopped context begins. */
  private static final String STOPPED = "Cannot call methods on a stopped SparkContext";
}
