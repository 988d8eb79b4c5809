package io.sparktrain.cli;

import io.sparktrain.spec.MemoryException;
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
   * Whether an option asking for a new run ({@code --new-run}, {@code --force}, {@code --from})
   * applies: not when {@code bin/sparktrain} restarted this command after the JVM crashed in
   * native code. The first attempt already honoured it; the restart resumes what it began.
   */
  static boolean startsAnew(boolean requested) {
    return requested && System.getenv("SPARKTRAIN_RESTART") == null;
  }

  String runsDir() {
    return runsDir;
  }

  /** Runs {@code work} in a Spark application that is stopped afterwards, whatever happens. */
  int withSpark(String appName, int workers, Consumer<JavaSparkContext> work) {
    return withSpark(appName, workers, java.util.Map.of(), work);
  }

  /** The same with Spark settings of the command's own (a search's FAIR scheduler). */
  int withSpark(String appName, int workers, java.util.Map<String, String> settings,
      Consumer<JavaSparkContext> work) {
    JavaSparkContext sc = SparkContexts.open(appName, master, workers, settings);
    ExecutorDeaths deaths = new ExecutorDeaths();
    sc.sc().addSparkListener(deaths);
    try {
      work.accept(sc);
      return ExitCodes.OK;
    } catch (IllegalStateException e) {
      throw SparkContexts.explainStopped(sc, e);
    } catch (RuntimeException e) {
      MemoryException memory = deaths.explain(e);
      throw memory != null ? memory : e;
    } catch (OutOfMemoryError e) {
      // At the job's boundary: a clear error naming the setting to raise, exit 6, no stack.
      throw OutOfMemory.explain(e);
    } finally {
      sc.stop();
    }
  }
}
