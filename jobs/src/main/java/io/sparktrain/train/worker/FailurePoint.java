package io.sparktrain.train.worker;

import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.TaskContext;

/**
 * A failure injected into one task of the first attempt of an epoch's stage, to show that the
 * retried stage gives the same model. Set with {@code spark.sparktrain.injectFailure} as
 * {@code MODE@EPOCH/ROUND/PARTITION} (zero-based), where MODE is {@code throw} (the task fails)
 * or {@code hang} (the task stops answering until Spark kills it, which the peers' exchange
 * timeout must notice). Never set it in production.
 */
public record FailurePoint(Mode mode, int epoch, int round, int partition) implements Serializable {

  public static final String CONF_KEY = "spark.sparktrain.injectFailure";
  public static final FailurePoint NONE = new FailurePoint(Mode.NONE, -1, -1, -1);

  /** What the chosen task does. */
  public enum Mode { NONE, THROW, HANG }

  /**
   * Reads {@code MODE@EPOCH/ROUND/PARTITION}; blank or null is {@link #NONE}.
   *
   * @throws IllegalArgumentException naming the key and the text found
   */
  public static FailurePoint parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    try {
      String[] modeAndPlace = text.trim().split("@");
      String[] place = modeAndPlace[1].split("/");
      return new FailurePoint(Mode.valueOf(modeAndPlace[0].toUpperCase(Locale.ROOT)),
          Integer.parseInt(place[0]), Integer.parseInt(place[1]), Integer.parseInt(place[2]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(CONF_KEY + " must read MODE@EPOCH/ROUND/PARTITION with "
          + "MODE throw or hang, e.g. throw@0/3/1; found '" + text + "'", e);
    }
  }

  /** Fails here if this is the point, in the stage's first attempt only. */
  void fireIfDue(int epoch, int round, int partition, int stageAttempt) {
    if (mode == Mode.NONE || stageAttempt > 0 || epoch != this.epoch || round != this.round
        || partition != this.partition) {
      return;
    }
    if (mode == Mode.THROW) {
      throw new IllegalStateException("injected failure (" + CONF_KEY + ") in epoch " + epoch
          + ", round " + round + ", partition " + partition);
    }
    // Silent to its peers, but it obeys Spark's kill flag as the training loop does: Spark kills
    // the rest of a failed barrier stage without interrupting the threads.
    TaskContext context = TaskContext.get();
    while (true) {
      context.killTaskIfInterrupted();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("injected hang ended: the task was killed", e);
      }
    }
  }
}
