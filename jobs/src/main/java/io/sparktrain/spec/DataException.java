package io.sparktrain.spec;

/** Input data is missing, unreachable, corrupt or inconsistent with the spec (a label out of range, say). */
public final class DataException extends SparktrainException {

  public DataException(String message) {
    super(message, null);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 3;
  }
}
