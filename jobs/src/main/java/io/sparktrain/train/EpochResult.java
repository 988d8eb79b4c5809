package io.sparktrain.train;

/**
 * What one epoch of training did.
 *
 * @param examples training examples processed, over all workers
 * @param meanLoss mean training loss per example, as the replicas saw it while training
 * @param iteration global iteration count at the end of the epoch
 * @param rounds averaging rounds run
 * @param seconds wall-clock seconds the epoch took
 * @param batchSize examples per step per worker in this epoch
 */
public record EpochResult(long examples, double meanLoss, long iteration, int rounds,
    double seconds, int batchSize) {

  public double samplesPerSecond() {
    return seconds > 0 ? examples / seconds : 0;
  }
}
