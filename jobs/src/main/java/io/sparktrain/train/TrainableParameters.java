package io.sparktrain.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parts of a network's flattened parameter vector that training can change: everything but
 * the layers wrapped as frozen. Only these parts are averaged and sent between the driver and the
 * workers; frozen parameters travel once, when a replica is built.
 *
 * <p>DL4J lays the parameters out layer after layer, so each unfrozen layer is one contiguous
 * range; neighbouring ranges are merged.
 */
public final class TrainableParameters implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long[] offsets;
  private final long[] lengths;
  private final long total;
  private final long trainable;

  private TrainableParameters(long[] offsets, long[] lengths, long total) {
    this.offsets = offsets;
    this.lengths = lengths;
    this.total = total;
    this.trainable = Arrays.stream(lengths).sum();
  }

  /** The unfrozen layers' parameter ranges of an initialised network. */
  public static TrainableParameters of(MultiLayerNetwork network) {
    return of(network.getLayers());
  }

  /** The unfrozen layers' parameter ranges of an initialised stack or graph. */
  public static TrainableParameters of(org.deeplearning4j.nn.api.Model network) {
    return network instanceof org.deeplearning4j.nn.graph.ComputationGraph graph
        ? of(GraphReplica.layersInParameterOrder(graph)) : of(Networks.stack(network));
  }

  /** The unfrozen layers' parameter ranges, given the layers in the order of their parameters. */
  static TrainableParameters of(Layer[] layers) {
    List<long[]> ranges = new ArrayList<>();
    long offset = 0;
    for (Layer layer : layers) {
      long n = layer.numParams();
      if (n > 0 && !isFrozen(layer)) {
        long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
        if (last != null && last[0] + last[1] == offset) {
          last[1] += n;
        } else {
          ranges.add(new long[] {offset, n});
        }
      }
      offset += n;
    }
    return new TrainableParameters(ranges.stream().mapToLong(r -> r[0]).toArray(),
        ranges.stream().mapToLong(r -> r[1]).toArray(), offset);
  }

  /** Whether training leaves the layer's parameters as they are. */
  public static boolean isFrozen(Layer layer) {
    return layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop;
  }

  /** Number of parameters training changes. */
  public long count() {
    return trainable;
  }

  /** Number of parameters of the whole network. */
  public long total() {
    return total;
  }

  /** Writes the trainable parameters into {@code out[0 .. count())}. */
  void gatherInto(INDArray params, float[] out) {
    int at = 0;
    for (int i = 0; i < offsets.length; i++) {
      FlatArrays.copyOut(range(params, i), out, at);
      at += Math.toIntExact(lengths[i]);
    }
  }

  /** Sets the trainable parameters from {@code values[0 .. count())}. */
  void scatterFrom(float[] values, INDArray params) {
    int at = 0;
    for (int i = 0; i < offsets.length; i++) {
      FlatArrays.copyIn(values, at, range(params, i));
      at += Math.toIntExact(lengths[i]);
    }
  }

  /** The trainable ranges as offset and length pairs into the flat parameter vector, in order. */
  int[] parts() {
    int[] parts = new int[2 * offsets.length];
    for (int i = 0; i < offsets.length; i++) {
      parts[2 * i] = Math.toIntExact(offsets[i]);
      parts[2 * i + 1] = Math.toIntExact(lengths[i]);
    }
    return parts;
  }

  /** Views of the trainable ranges of {@code params}, in order. */
  List<INDArray> ranges(INDArray params) {
    List<INDArray> views = new ArrayList<>();
    for (int i = 0; i < offsets.length; i++) {
      views.add(range(params, i));
    }
    return views;
  }

  private INDArray range(INDArray params, int i) {
    // A view into the flattened parameters, which DL4J keeps as [total] or [1, total].
    return params.rank() == 1
        ? params.get(NDArrayIndex.interval(offsets[i], offsets[i] + lengths[i]))
        : params.get(NDArrayIndex.interval(0, 1),
            NDArrayIndex.interval(offsets[i], offsets[i] + lengths[i]));
  }
}
