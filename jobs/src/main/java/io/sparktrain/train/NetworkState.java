package io.sparktrain.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/** Moves a {@link GlobalState} out of a network and back in: the engines' epoch boundaries. */
final class NetworkState {

  private NetworkState() {}

  /** The network's trainable parameters, updater state and iteration count. */
  static GlobalState capture(TrainableParameters trainable, MultiLayerNetwork network) {
    return new GlobalState(trainable.gather(network.params()), Replica.updaterState(network),
        network.getIterationCount());
  }

  /** Writes {@code state} into {@code network}, which has finished {@code epochCount} epochs. */
  static void restore(GlobalState state, TrainableParameters trainable, MultiLayerNetwork network,
      int epochCount) {
    trainable.scatter(state.params(), network.params());
    if (state.updaterState().length > 0) {
      Replica.updaterStateView(network).assign(
          Nd4j.create(state.updaterState(), new long[] {1, state.updaterState().length}));
    }
    network.setIterationCount(Math.toIntExact(state.iteration()));
    network.setEpochCount(epochCount);
  }
}
