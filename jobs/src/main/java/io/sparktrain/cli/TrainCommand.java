package io.sparktrain.cli;

import io.sparktrain.data.DataCache;
import io.sparktrain.pipeline.TrainJob;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparktrain train <spec>}: trains every job of a spec file, in order. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the network a job spec describes and write a run directory.")
final class TrainCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC", description = "job spec (YAML); several jobs may "
      + "follow each other in one file, separated by ---")
  private Path specFile;

  @Option(names = "--runs-dir", paramLabel = "DIR",
      description = "where runs go (local, hdfs:// or s3a://); default: the spec's output.runsDir")
  private String runsDir;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master; default: spark-submit's, else local[training.workers]")
  private String master;

  @Option(names = "--new-run", description = "start a new run even if an unfinished run of the "
      + "same spec could be resumed from its checkpoint")
  private boolean newRun;

  @Option(names = "--verbose", description = "print stack traces of failures")
  private boolean verbose;

  @Override
  public Integer call() {
    List<JobSpec> jobs = SpecReader.readAll(specFile);
    int workers = jobs.stream().mapToInt(j -> j.training().workers()).max().orElse(1);
    JavaSparkContext sc = SparkContexts.open("sparktrain " + jobs.get(0).name(), master, workers);
    try {
      TrainJob job = new TrainJob(sc, DataCache.fromEnvironment(), System.out);
      for (JobSpec spec : jobs) {
        job.run(spec, runsDir, newRun);
      }
      return ExitCodes.OK;
    } catch (IllegalStateException e) {
      throw SparkContexts.explainStopped(sc, e);
    } finally {
      sc.stop();
    }
  }
}
