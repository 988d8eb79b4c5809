package io.sparktrain.spec;

/** A run directory, checkpoint or report could not be written. */
public final class OutputException extends SparktrainException {

  public OutputException(String message) {
    super(message, null);
  }

  public OutputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 5;
  }
}
