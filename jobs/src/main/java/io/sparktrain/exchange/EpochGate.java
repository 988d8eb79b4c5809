package io.sparktrain.exchange;

/**
 * The driver's side of a barrier stage that trains several epochs: it keeps the outcome rank 0
 * hands back after each epoch, and between two epochs every task tells it what the epoch gave
 * ({@link EpochReport}) and waits for its orders for the next, which the driver gives once it has
 * decided (the rate, stop). Tasks reach it through the {@link Rendezvous}, over the wire or, in the
 * driver's own JVM, by a call.
 */
public interface EpochGate {

  /**
   * Keeps the outcome of the epoch now running, which rank 0 of stage attempt {@code attempt}
   * hands back as soon as the epoch's last round is averaged.
   */
  void handBack(int attempt, Handback outcome);

  /**
   * Takes a task's report and waits up to {@code waitMillis} for its orders.
   *
   * @param attempt the stage attempt the task belongs to
   * @return the orders, or null when none came within {@code waitMillis} (the caller looks whether
   *     its task was killed, and asks again with {@link EpochReport#waiting} until its own timeout)
   */
  Handback next(int attempt, int rank, EpochReport report, long waitMillis)
      throws InterruptedException;
}
