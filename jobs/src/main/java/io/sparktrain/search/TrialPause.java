package io.sparktrain.search;

import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.TrainingObserver;

/**
 * Thrown by {@link AtRung} out of a trial's training once the epoch of a halving rung is
 * checkpointed, so the trial's run stays unfinished and the next rung resumes it.
 */
final class TrialPause extends RuntimeException {

  private final transient EpochMetrics metrics;

  TrialPause(EpochMetrics metrics) {
    super("paused after epoch " + metrics.epoch(), null, false, false);
    this.metrics = metrics;
  }

  EpochMetrics metrics() {
    return metrics;
  }

  /**
   * Stops a trial after epoch {@code rung}; the job's own observers (metrics, checkpoint) come
   * first in the list, so the epoch is saved before this throws.
   */
  record AtRung(int rung) implements TrainingObserver {
    @Override
    public void onEpoch(EpochMetrics metrics) {
      // At or after: a trial killed between its rung checkpoint and search.json resumes past it.
      if (metrics.epoch() >= rung && metrics.epoch() < metrics.epochs()) {
        throw new TrialPause(metrics);
      }
    }
  }
}
