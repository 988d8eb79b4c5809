package io.sparktrain.cli;

import io.sparktrain.spec.SparktrainException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Maps whatever a command threw to an exit code and one clear message. A failure raised on a
 * Spark executor reaches the driver wrapped in a {@code SparkException}; the cause chain is searched
 * so the user still sees the data or training error itself. Stack traces only with --verbose.
 */
final class ExitCodes implements CommandLine.IExecutionExceptionHandler {

  static final int OK = 0;
  static final int UNEXPECTED = 1;

  private final boolean verbose;

  ExitCodes(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleExecutionException(
      Exception thrown, CommandLine command, CommandLine.ParseResult parseResult) {
    PrintWriter err = command.getErr();
    SparktrainException known = find(thrown);
    if (known == null) {
      known = OutOfMemory.explain(thrown);
    }
    if (known != null) {
      err.println("error: " + known.getMessage());
    } else {
      err.println("error: unexpected failure: " + thrown);
    }
    if (verbose) {
      thrown.printStackTrace(err);
    } else if (known == null) {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return known != null ? known.exitCode() : UNEXPECTED;
  }

  /** The first sparktrain failure in the cause chain, or null. */
  static SparktrainException find(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof SparktrainException known) {
        return known;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
