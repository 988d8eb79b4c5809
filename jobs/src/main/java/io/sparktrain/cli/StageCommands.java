package io.sparktrain.cli;

import io.sparktrain.data.DataCache;
import io.sparktrain.pipeline.EvaluateStage;
import io.sparktrain.pipeline.ExportStage;
import io.sparktrain.pipeline.ExtractFeaturesStage;
import io.sparktrain.pipeline.FinetuneStage;
import io.sparktrain.pipeline.PipelineReader;
import io.sparktrain.pipeline.PipelineRunner;
import io.sparktrain.pipeline.PipelineSpec;
import io.sparktrain.pipeline.StageKind;
import io.sparktrain.pipeline.TransferStage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The pipeline stages as commands of their own: a spec file holds one stage's keys at its top
 * level, with {@code source} (a model file or run directory) where a pipeline would say
 * {@code from}. It runs as a pipeline of that one stage, so it skips, resumes and locks alike.
 */
final class StageCommands {

  private StageCommands() {}

  /** The shared body: read the one-stage spec and run it. */
  abstract static class StageCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "stage spec (YAML)")
    private Path specFile;

    @Option(names = "--force", description = "run again even if it finished with this spec")
    private boolean force;

    @Mixin
    private RunOptions options;

    abstract StageKind kind();

    @Override
    public Integer call() {
      PipelineSpec spec = PipelineReader.readStage(specFile, kind());
      return options.withSpark("sparktrain " + spec.name(), spec.maxWorkers(), sc ->
          new PipelineRunner(sc, DataCache.fromEnvironment(), System.out)
              .run(spec, options.runsDir(), null, RunOptions.startsAnew(force)));
    }
  }

  @Command(name = "transfer", mixinStandardHelpOptions = true, description = "Keep a trained "
      + "model's layers up to `keep`, freeze them, attach a new head and train it.")
  static final class Transfer extends StageCommand {
    @Override
    StageKind kind() {
      return TransferStage.KIND;
    }
  }

  @Command(name = "finetune", mixinStandardHelpOptions = true, description = "Unfreeze the top "
      + "layers of a trained model (or all) and train on at a lower learning rate.")
  static final class Finetune extends StageCommand {
    @Override
    StageKind kind() {
      return FinetuneStage.KIND;
    }
  }

  @Command(name = "evaluate", mixinStandardHelpOptions = true,
      description = "Evaluate a trained model on a data set's test split.")
  static final class Evaluate extends StageCommand {
    @Override
    StageKind kind() {
      return EvaluateStage.KIND;
    }
  }

  @Command(name = "extract-features", mixinStandardHelpOptions = true, description = "Write a "
      + "data set's activations at a chosen layer as Parquet (index, label, features).")
  static final class ExtractFeatures extends StageCommand {
    @Override
    StageKind kind() {
      return ExtractFeaturesStage.KIND;
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Copy a trained model (DL4J zip) to a path, atomically.")
  static final class Export extends StageCommand {
    @Override
    StageKind kind() {
      return ExportStage.KIND;
    }
  }
}
