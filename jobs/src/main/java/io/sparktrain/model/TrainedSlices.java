package io.sparktrain.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The parameters a network's updaters train by their gradient, each as its view of the flat
 * parameters and of the flat gradient, for the training listeners that act on the whole gradient
 * (global-norm clipping, Backstitch): not frozen ones, nor those DL4J moves by a {@code NoOp}
 * "gradient" (batch normalisation's running statistics). Read from each layer's slice of the
 * flat gradient rather than from {@code network.gradient()}, which only DL4J's own forward and
 * backward fills: sparktrain's dense pass writes the same slices and leaves it null.
 *
 * <p>Every step writes into the same flat arrays, so the views are built once per network, not
 * per step; one reference, read once per call, so replicas that share a listener each see a
 * consistent set. For stacks and graphs alike; serializable with its listener, views not
 * included.
 */
final class TrainedSlices implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * A trained parameter's view of the flat parameters and of the flat gradient, and its updater
   * (its layer's, or the layer's bias updater), whose rate may differ from layer to layer.
   */
  record Slice(INDArray parameter, INDArray gradient, IUpdater updater) {}

  private record Views(INDArray params, INDArray gradient, List<Slice> slices) {}

  private transient volatile Views views;

  /** {@code network}'s trained slices, built the first time and when its flat arrays change. */
  List<Slice> of(Model network) {
    Views current = views;
    if (current == null || current.params() != network.params()
        || current.gradient() != network.getGradientsViewArray()) {
      current = new Views(network.params(), network.getGradientsViewArray(), build(network));
      views = current;
    }
    return current.slices();
  }

  /** What DL4J's updater divides the summed gradient by: the mini-batch size, or 1. */
  static double batchDivisor(Model network) {
    return network.conf().isMiniBatch() ? network.batchSize() : 1;
  }

  private static List<Slice> build(Model network) {
    List<Slice> slices = new ArrayList<>();
    Layer[] layers = network instanceof ComputationGraph graph ? graph.getLayers()
        : ((MultiLayerNetwork) network).getLayers();
    for (Layer layer : layers) {
      INDArray view = layer.getGradientsViewArray();
      if (view == null || layer.numParams() == 0) {
        continue; // frozen, or nothing to train
      }
      Map<String, INDArray> byParam = layer.conf().getLayer().initializer()
          .getGradientsFromFlattened(layer.conf(), view);
      Map<String, INDArray> params = layer.paramTable();
      for (Map.Entry<String, INDArray> entry : byParam.entrySet()) {
        String param = entry.getKey();
        IUpdater updater = layer.getConfig().getUpdaterByParam(param);
        if (!(updater instanceof NoOp) && layer.updaterDivideByMinibatch(param)) {
          slices.add(new Slice(params.get(param), entry.getValue(), updater));
        }
      }
    }
    return List.copyOf(slices);
  }
}
