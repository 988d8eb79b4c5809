package io.sparktrain.spec;

/**
 * Base of the failures a user can act on. Each kind maps to one process exit code, which
 * {@code io.sparktrain.cli.ExitCodes} alone turns into {@code System.exit}; anything that is not a
 * {@code SparktrainException} exits with 1.
 */
public abstract class SparktrainException extends RuntimeException {

  protected SparktrainException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The process exit code documented for this kind of failure. */
  public abstract int exitCode();
}
