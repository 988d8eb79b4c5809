package io.sparktrain.cli;

import io.sparktrain.data.DataCache;
import io.sparktrain.pipeline.PipelineReader;
import io.sparktrain.pipeline.PipelineRunner;
import io.sparktrain.pipeline.PipelineSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparktrain pipeline <spec>}: runs a pipeline's stages in one Spark application. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {"Run a pipeline's stages in order. Running it again skips the stages that "
        + "finished with the same spec and inputs and resumes an interrupted one from its "
        + "checkpoint."})
final class PipelineCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC", description = "pipeline spec (YAML)")
  private Path specFile;

  @Option(names = "--from", paramLabel = "STAGE",
      description = "re-run this stage and every later one, in a new pipeline run")
  private String from;

  @Option(names = "--force", description = "re-run every stage, in a new pipeline run")
  private boolean force;

  @Mixin
  private RunOptions options;

  @Override
  public Integer call() {
    PipelineSpec spec = PipelineReader.read(specFile);
    return options.withSpark("sparktrain " + spec.name(), spec.maxWorkers(), sc -> {
      new PipelineRunner(sc, DataCache.fromEnvironment(), System.out)
          .run(spec, options.runsDir(), RunOptions.startsAnew(from != null) ? from : null,
              RunOptions.startsAnew(force));
    });
  }
}
