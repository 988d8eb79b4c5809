package io.sparktrain.train;

/** Watches a training run: progress lines, metrics files, charts. Never changes the run. */
public interface TrainingObserver extends RoundListener {

  @Override
  default void onRound(
      int epoch, int round, int rounds, long examplesDone, double meanLoss, double seconds) {}

  /** Called after each epoch's training and evaluation. */
  void onEpoch(EpochMetrics metrics);

  /**
   * A change the rules made to the run, as a console line: the rate lowered on a plateau, early
   * stopping, a divergence rollback.
   */
  default void onNotice(String line) {}

  /**
   * Called once when the run's epochs are over: all trained, stopped early, or failed (then
   * after the failure, which the trainer rethrows).
   */
  default void onTrainingEnd() {}
}
