package io.sparktrain.spec;

/**
 * A JVM ran out of memory (heap, or ND4J's off-heap limit, which follows the heap's): the message
 * names the setting to raise. Exit code 6.
 */
public final class MemoryException extends SparktrainException {

  public MemoryException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return 6;
  }
}
