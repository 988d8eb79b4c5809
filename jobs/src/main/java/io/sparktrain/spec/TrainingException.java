package io.sparktrain.spec;

/** Training could not go on: the loss diverged (NaN or infinite), or the engine failed. */
public class TrainingException extends SparktrainException {

  public TrainingException(String message) {
    super(message, null);
  }

  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 4;
  }
}
