package io.sparktrain.cli;

import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Option;

/** The options of the commands that run work on Spark, and the Spark context they share. */
final class RunOptions {

  @Option(names = "--runs-dir", paramLabel = "DIR",
      description = "where runs go (local, hdfs:// or s3a://); default: the spec's output.runsDir")
  private String runsDir;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master; default: spark-submit's, else local[workers]")
  private String master;

  @Option(names = "--verbose", description = "print stack traces of failures")
  private boolean verbose;

  /**
   * Whether {@code bin/sparktrain} restarted this command after the JVM crashed in native code.
   * A restart must resume what the crashed attempt began, so options asking for a new run, which
   * the first attempt already honoured, no longer apply.
   */
  static boolean isRestart() {
    return System.getenv("SPARKTRAIN_RESTART") != null;
  }

  String runsDir() {
    return runsDir;
  }

  /** Runs {@code work} in a Spark application that is stopped afterwards, whatever happens. */
  int withSpark(String appName, int workers, Consumer<JavaSparkContext> work) {
    JavaSparkContext sc = SparkContexts.open(appName, master, workers);
    try {
      work.accept(sc);
      return ExitCodes.OK;
    } catch (IllegalStateException e) {
      throw SparkContexts.explainStopped(sc, e);
    } finally {
      sc.stop();
    }
  }
}
