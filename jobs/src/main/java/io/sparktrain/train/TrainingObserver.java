package io.sparktrain.train;

/** Watches a training run: progress lines, metrics files, charts. Never changes the run. */
public interface TrainingObserver extends RoundListener {

  @Override
  default void onRound(
      int epoch, int round, int rounds, long examplesDone, double meanLoss, double seconds) {}

  /** Called after each epoch's training and evaluation. */
  void onEpoch(EpochMetrics metrics);
}
