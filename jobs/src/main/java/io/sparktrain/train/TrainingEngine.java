package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.train.replica.GlobalState;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
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

  /**
   * Asks the engine to keep its workers from one epoch to the next, and to score {@code splits}
   * on them after every epoch, so that no Spark job (and no wait for task slots) need run between
   * two epochs: engine v2 then trains several epochs in one barrier stage. Until
   * {@link #releaseWorkers}, the caller runs no Spark job of its own while an epoch came scored:
   * the workers hold their task slots.
   *
   * @param splits the splits to score, at least one
   * @return whether it will. Then an {@link EpochResult} carries the splits' scores, except an
   *     epoch the engine could not run with kept workers (short of task slots): it comes with
   *     empty scores and no workers held, and the caller evaluates it with its own job
   */
  default boolean keepWorkers(Target target, List<JavaRDD<Example>> splits) {
    return false;
  }

  /** Ends what {@link #keepWorkers} began, and waits until the workers' slots are free. */
  default void releaseWorkers() {}

  /** Parameters exchanged per worker per averaging round, in bytes (parameters + updater state). */
  long bytesPerRound();

  /** Releases cached shards and replicas. */
  @Override
  void close();
}
