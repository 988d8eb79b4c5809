package io.sparktrain.train;

import io.sparktrain.train.replica.GlobalState;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The flat state a DL4J replica averages, whatever the network kind: the trainable ranges of its
 * flattened parameter vector ({@link TrainableParameters}), then its updater's flat state view
 * (none under plain SGD). A MultiLayerNetwork and a ComputationGraph both keep these as views of
 * one array each, so both replicas move their state through here.
 */
final class FlatState {

  private final Supplier<INDArray> params;
  /** Returns null when the updater keeps no state. */
  private final Supplier<INDArray> updater;
  private final TrainableParameters trainable;
  private FloatBuffer[] views;

  FlatState(Supplier<INDArray> params, Supplier<INDArray> updater,
      TrainableParameters trainable) {
    this.params = params;
    this.updater = updater;
    this.trainable = trainable;
  }

  /** Sets the trainable parameters and the updater state from {@code state}. */
  void load(GlobalState state) {
    if (state.params().length != trainable.count()) {
      throw new IllegalArgumentException("expected " + trainable.count()
          + " trainable parameters, found " + state.params().length);
    }
    // Straight into the network's arrays, as every round's average is read: an ND4J array made
    // per call cost the driver's load of each epoch's state 5-38 ms (docs/performance.md).
    trainable.scatterFrom(state.params(), params.get());
    INDArray view = updater.get();
    if (view != null && state.updaterState().length > 0) {
      if (state.updaterState().length != view.length()) {
        throw new IllegalArgumentException("expected " + view.length()
            + " updater-state values, found " + state.updaterState().length);
      }
      FlatArrays.copyIn(state.updaterState(), 0, view);
    }
  }

  /** The trainable parameters and updater state, copied out. */
  GlobalState capture(long iteration, double rateScale) {
    float[] trained = new float[Math.toIntExact(trainable.count())];
    trainable.gatherInto(params.get(), trained);
    INDArray view = updater.get();
    float[] moments = new float[view == null ? 0 : Math.toIntExact(view.length())];
    if (view != null) {
      FlatArrays.copyOut(view, moments, 0);
    }
    return new GlobalState(trained, moments, iteration, rateScale);
  }

  int length() {
    INDArray view = updater.get();
    return Math.toIntExact(trainable.count() + (view == null ? 0 : view.length()));
  }

  /** See {@link io.sparktrain.train.replica.Replica#stateViews}. */
  FloatBuffer[] views() {
    if (views == null) {
      List<INDArray> parts = new ArrayList<>(trainable.ranges(params.get()));
      INDArray view = updater.get();
      if (view != null && view.length() > 0) {
        parts.add(view);
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

  /**
   * Where the state's parts ({@link #views}'s) lie in memory that holds the flat parameter vector
   * from offset 0 and the updater's state view from {@code updaterAt}: offset and length pairs.
   */
  int[] parts(int updaterAt) {
    int[] ranges = trainable.parts();
    INDArray view = updater.get();
    if (view == null || view.length() == 0) {
      return ranges;
    }
    int[] parts = Arrays.copyOf(ranges, ranges.length + 2);
    parts[ranges.length] = updaterAt;
    parts[ranges.length + 1] = Math.toIntExact(view.length());
    return parts;
  }

  void write(float[] to) {
    trainable.gatherInto(params.get(), to);
    INDArray view = updater.get();
    if (view != null) {
      FlatArrays.copyOut(view, to, Math.toIntExact(trainable.count()));
    }
  }

  void read(float[] from) {
    trainable.scatterFrom(from, params.get());
    INDArray view = updater.get();
    if (view != null) {
      FlatArrays.copyIn(from, Math.toIntExact(trainable.count()), view);
    }
  }
}
