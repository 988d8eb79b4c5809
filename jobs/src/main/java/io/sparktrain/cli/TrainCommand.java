package io.sparktrain.cli;

import io.sparktrain.data.DataCache;
import io.sparktrain.pipeline.TrainJob;
import io.sparktrain.pipeline.TrainStage;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Option(names = "--new-run", description = "start a new run even if an unfinished run of the "
      + "same spec could be resumed from its checkpoint")
  private boolean newRun;

  @Mixin
  private RunOptions options;

  @Override
  public Integer call() {
    List<JobSpec> jobs = SpecReader.readAll(specFile);
    boolean newRun = RunOptions.startsAnew(this.newRun);
    int workers = jobs.stream().mapToInt(j -> j.training().workers()).max().orElse(1);
    return options.withSpark("sparktrain " + jobs.get(0).name(), workers, sc -> {
      TrainJob job = new TrainJob(sc, DataCache.fromEnvironment(), System.out);
      for (JobSpec spec : jobs) {
        new TrainStage(spec.name(), null, spec).runAlone(job, options.runsDir(), newRun);
      }
    });
  }
}
