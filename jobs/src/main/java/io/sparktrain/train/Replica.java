package io.sparktrain.train;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One worker's network and shard, kept alive on its executor between rounds so that a round costs
 * k training steps plus loading the averaged state, not a network rebuild.
 */
final class Replica {

  private final MultiLayerNetwork network;
  private final Shard shard;
  private final TrainableParameters trainable;
  private int orderEpoch = -1;
  private int[] order;

  /**
   * @param initialParams every parameter of the network the training started from: the frozen
   *     ones stay as they are here, the others are overwritten by every {@link #load}
   */
  Replica(String configurationJson, float[] initialParams, Shard shard) {
    this.network = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
    this.network.init();
    this.network.setParams(Nd4j.create(initialParams, new long[] {1, initialParams.length}));
    this.trainable = TrainableParameters.of(network);
    this.shard = shard;
  }

  TrainableParameters trainable() {
    return trainable;
  }

  Shard shard() {
    return shard;
  }

  MultiLayerNetwork network() {
    return network;
  }

  /** Copies the global state in (never aliasing the broadcast arrays) and sets the step counts. */
  void load(GlobalState state, int epoch) {
    trainable.scatter(state.params(), network.params());
    INDArray view = updaterStateView(network);
    if (view != null && state.updaterState().length > 0) {
      view.assign(Nd4j.create(state.updaterState(), new long[] {1, state.updaterState().length}));
    }
    network.setIterationCount(Math.toIntExact(state.iteration()));
    network.setEpochCount(epoch);
  }

  /** This epoch's visiting order, computed once per epoch from the derived seed. */
  int[] order(int epoch, long jobSeed, int partition, boolean shuffle) {
    if (orderEpoch != epoch) {
      order = shard.order(Seeds.shuffle(jobSeed, epoch, partition), shuffle);
      orderEpoch = epoch;
    }
    return order;
  }

  /** The updater's flattened state, or null when the updater keeps none (plain SGD). */
  static INDArray updaterStateView(MultiLayerNetwork network) {
    Updater updater = network.getUpdater(true);
    return updater == null ? null : updater.getStateViewArray();
  }

  /** The network's updater state as a new float array; empty when it keeps none. */
  static float[] updaterState(MultiLayerNetwork network) {
    INDArray view = updaterStateView(network);
    return view == null ? new float[0] : view.toFloatVector();
  }
}
