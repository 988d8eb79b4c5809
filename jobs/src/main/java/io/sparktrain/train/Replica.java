package io.sparktrain.train;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
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
  private FloatBuffer[] views;

  /**
   * @param initialParams every parameter of the network the training started from: the frozen
   *     ones stay as they are here, the others are overwritten by every {@link #load}
   * @param listeners training listeners the network runs with (gradient hooks)
   */
  Replica(String configurationJson, float[] initialParams, Shard shard,
      List<TrainingListener> listeners) {
    this.network = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
    this.network.init();
    this.network.setListeners(listeners);
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

  /**
   * The trainable parameters, then the updater state, as views into the network's native memory
   * in the order {@link #writeState} writes them: the shared-memory averaging works on these in
   * place. Null when some part is not one contiguous run of floats.
   */
  FloatBuffer[] stateViews() {
    if (views == null) {
      List<INDArray> parts = new ArrayList<>(trainable.ranges(network.params()));
      INDArray updater = updaterStateView(network);
      if (updater != null && updater.length() > 0) {
        parts.add(updater);
      }
      FloatBuffer[] built = new FloatBuffer[parts.size()];
      for (int i = 0; i < built.length; i++) {
        built[i] = FlatArrays.view(parts.get(i));
        if (built[i] == null) {
          return null;
        }
      }
      views = built;
    }
    return views;
  }

  /** Floats of parameters and updater state that one averaging moves: what the exchange sums. */
  int stateLength() {
    INDArray view = updaterStateView(network);
    return Math.toIntExact(trainable.count() + (view == null ? 0 : view.length()));
  }

  /** Writes the trainable parameters, then the updater state, times {@code weight}, into {@code to}. */
  void writeState(float[] to, float weight) {
    trainable.gatherInto(network.params(), to, weight);
    INDArray view = updaterStateView(network);
    if (view != null) {
      FlatArrays.copyOut(view, to, Math.toIntExact(trainable.count()), weight);
    }
  }

  /**
   * Loads parameters and updater state laid out as {@link #writeState} writes them, times
   * {@code scale} (scaling {@code from} in place).
   */
  void readState(float[] from, float scale) {
    trainable.scatterFrom(from, scale, network.params());
    INDArray view = updaterStateView(network);
    if (view != null) {
      FlatArrays.copyIn(from, Math.toIntExact(trainable.count()), scale, view);
    }
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
