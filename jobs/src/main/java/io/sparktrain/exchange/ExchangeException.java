package io.sparktrain.exchange;

/**
 * An averaging exchange between tasks failed: a peer died, hung past the timeout, or could not be
 * reached. Thrown in the task, it fails the barrier stage, which Spark then retries as a whole.
 */
public final class ExchangeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ExchangeException(String message) {
    super(message);
  }

  public ExchangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
