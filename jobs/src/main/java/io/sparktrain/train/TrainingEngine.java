package io.sparktrain.train;

import io.sparktrain.train.replica.GlobalState;
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

  /**
   * The current global network on the driver, a stack or a graph; {@link #model} throws for a
   * graph.
   */
  default org.deeplearning4j.nn.api.Model network() {
    return model();
  }

  /**
   * Sets the learning rates the replicas train with from the next epoch on, as a multiple of the
   * rates of the network the engine started from (whose configuration keeps them).
   *
   * @throws UnsupportedOperationException where the engine cannot change rates mid-run
   */
  void setRateScale(double scale);

  /** The multiple of the starting rates the replicas train with; 1 unless set. */
  double rateScale();

  /**
   * The global state as it stands between epochs (parameters, updater state, iteration), to roll
   * back to; immutable.
   */
  GlobalState snapshot();

  /** Continues from {@code saved}, a {@link #snapshot} of this run. */
  void restore(GlobalState saved);

  /** Parameters exchanged per worker per averaging round, in bytes (parameters + updater state). */
  long bytesPerRound();

  /** Releases cached shards and replicas. */
  @Override
  void close();
}
