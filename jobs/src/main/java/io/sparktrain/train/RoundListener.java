package io.sparktrain.train;

/**
 * Told when an averaging round ends (on engine v2, each epoch's first and last round and the others
 * at most every 250 ms); used for progress lines, never for control.
 */
@FunctionalInterface
public interface RoundListener {

  /**
   * @param epoch zero-based epoch
   * @param round rounds done so far in this epoch
   * @param rounds rounds this epoch will take
   * @param examplesDone examples trained on so far in this epoch, over all workers
   * @param meanLoss mean loss per example in the round just finished
   * @param seconds seconds since the epoch started
   */
  void onRound(int epoch, int round, int rounds, long examplesDone, double meanLoss, double seconds);

  RoundListener NONE = (epoch, round, rounds, examplesDone, meanLoss, seconds) -> {};
}
