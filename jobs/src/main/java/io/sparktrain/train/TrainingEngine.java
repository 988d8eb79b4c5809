package io.sparktrain.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A distributed trainer of one network, one epoch at a time. Implementations differ in how the
 * replicas are synchronised; {@link Trainer} runs the epochs, evaluation and observers over any.
 */
public interface TrainingEngine extends AutoCloseable {

  /**
   * Trains one pass over the training shards.
   *
   * @param epoch zero-based epoch number
   * @param progress told after every averaging round the engine can observe
   */
  EpochResult trainEpoch(int epoch, RoundListener progress);

  /** The current global model on the driver (parameters and updater state). */
  MultiLayerNetwork model();

  /** Parameters exchanged per worker per averaging round, in bytes (parameters + updater state). */
  long bytesPerRound();

  /** Releases cached shards and replicas. */
  @Override
  void close();
}
