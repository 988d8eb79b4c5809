package io.sparktrain.exchange;

/** Told of each round that rank 0 reports to the {@link Rendezvous}; never for control. */
@FunctionalInterface
public interface RoundProgress {

  /**
   * @param round rounds done so far in this epoch
   * @param rounds rounds this epoch will take
   * @param examplesDone examples trained on so far in this epoch, over all tasks
   * @param meanLoss mean loss per example in the round just finished
   * @param seconds seconds since {@link Rendezvous#reportTo} was called
   */
  void onRound(int round, int rounds, long examplesDone, double meanLoss, double seconds);

  RoundProgress NONE = (round, rounds, examplesDone, meanLoss, seconds) -> {};
}
