package io.sparktrain.train;

import java.util.List;

/**
 * What one epoch of training did.
 *
 * @param examples training examples processed, over all workers
 * @param meanLoss mean training loss per example, as the replicas saw it while training
 * @param iteration global iteration count at the end of the epoch
 * @param rounds averaging rounds run
 * @param seconds wall-clock seconds the epoch took
 * @param batchSize examples per step per worker in this epoch
 * @param scores the evaluation splits' scores after the epoch, in their order, where the engine
 *     evaluated them itself ({@link TrainingEngine#keepWorkers}); else empty
 */
public record EpochResult(long examples, double meanLoss, long iteration, int rounds,
    double seconds, int batchSize, List<EvalResult> scores) {

  public EpochResult {
    scores = List.copyOf(scores);
  }

  /** An epoch whose engine evaluated nothing. */
  public EpochResult(long examples, double meanLoss, long iteration, int rounds,
      double seconds, int batchSize) {
    this(examples, meanLoss, iteration, rounds, seconds, batchSize, List.of());
  }

  public double samplesPerSecond() {
    return seconds > 0 ? examples / seconds : 0;
  }
}
