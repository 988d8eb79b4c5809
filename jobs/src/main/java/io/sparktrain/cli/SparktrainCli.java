package io.sparktrain.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sparktrain <command>}: the entry point of the launcher and of spark-submit. */
@Command(
    name = "sparktrain",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description = "Distributed deep-learning training on Apache Spark.",
    subcommands = {TrainCommand.class, PipelineCommand.class, StageCommands.Transfer.class,
        StageCommands.Finetune.class, StageCommands.Evaluate.class,
        StageCommands.ExtractFeatures.class, StageCommands.Export.class,
        Word2VecCommands.Pretrain.class, Word2VecCommands.Nearest.class, DataCommand.class,
        PredictCommand.class, ReportCommand.class, SearchCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done",
        "1:unexpected failure",
        "2:invalid spec or arguments",
        "3:missing, unreachable or corrupt data",
        "4:training diverged or failed",
        "5:output could not be written",
        "6:out of memory (the message names the setting to raise)"})
public final class SparktrainCli implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Runs a command line and returns its exit code; never exits the JVM. */
  public static int run(String... args) {
    return run(new PrintWriter(System.err, true), args);
  }

  /** Runs a command line with errors going to {@code err}; returns its exit code. */
  public static int run(PrintWriter err, String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    return new CommandLine(new SparktrainCli())
        .setErr(err)
        .setExecutionExceptionHandler(new ExitCodes(verbose))
        .execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
