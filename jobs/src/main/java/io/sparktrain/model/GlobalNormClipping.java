package io.sparktrain.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Clips the gradient by its global L2 norm (Pascanu, Mikolov and Bengio 2013): when the norm of
 * all trainable parameters' gradients taken together exceeds {@code maxNorm}, every component is
 * scaled by {@code maxNorm / norm}, so the norm becomes exactly {@code maxNorm}.
 *
 * <p>DL4J clips per layer only: its updaters see one block of parameters at a time. The one point
 * that sees the whole gradient before any update is a training listener's
 * {@link #onGradientCalculation}. There the gradient is still summed over the mini-batch (DL4J's
 * updater divides by the batch size next), so the norm compared is the sum's over the batch size:
 * the mean gradient's, as PyTorch's {@code clip_grad_norm_} sees it. Frozen parameters and those
 * DL4J does not train by gradient (batch normalisation's running mean and variance, whose updater
 * is {@code NoOp}) are left out. For stacks and graphs alike. Serializable: the engine sends it
 * to its replicas.
 */
public final class GlobalNormClipping extends BaseTrainingListener implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double maxNorm;

  /** @param maxNorm the largest L2 norm the mean gradient may have, &gt; 0 */
  public GlobalNormClipping(double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("maxNorm must be > 0, found " + maxNorm);
    }
    this.maxNorm = maxNorm;
  }

  public double maxNorm() {
    return maxNorm;
  }

  /**
   * The trainable parameters' views of the flat gradient they were taken from: every step writes
   * into that same array, so the views are built once per network, not per step. One reference,
   * read once per step, so replicas that share this listener each see a consistent pair.
   */
  private record Views(INDArray flat, List<INDArray> parts) {}

  private transient volatile Views views;

  @Override
  public void onGradientCalculation(Model network) {
    Views current = views;
    if (current == null || current.flat() != network.getGradientsViewArray()) {
      current = new Views(network.getGradientsViewArray(), trainableGradients(network));
      views = current;
    }
    List<INDArray> parts = current.parts();
    double norm = Math.sqrt(squaredNorm(parts)) / batchDivisor(network);
    if (norm > maxNorm) {
      double scale = maxNorm / norm;
      parts.forEach(part -> part.muli(scale));
    }
  }

  /** What DL4J's updater divides the summed gradient by: the mini-batch size, or 1. */
  static double batchDivisor(Model network) {
    return network.conf().isMiniBatch() ? network.batchSize() : 1;
  }

  /** A trained parameter's view of the flat parameters and of the flat gradient. */
  record TrainedSlice(INDArray parameter, INDArray gradient) {}

  /**
   * The gradient views of the parameters the updaters train, in place. Read from each layer's
   * slice of the flat gradient rather than from {@code network.gradient()}, which only DL4J's own
   * forward and backward fills: sparktrain's dense pass writes the same slices and leaves it null.
   */
  static List<INDArray> trainableGradients(Model network) {
    return trainedSlices(network).stream().map(TrainedSlice::gradient).toList();
  }

  /**
   * The parameters the updaters train by their gradient, with their gradients: not frozen ones,
   * nor those DL4J moves by a {@code NoOp} "gradient" (batch normalisation's running statistics).
   */
  static List<TrainedSlice> trainedSlices(Model network) {
    List<TrainedSlice> slices = new ArrayList<>();
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
        if (!(layer.getConfig().getUpdaterByParam(param) instanceof NoOp)
            && layer.updaterDivideByMinibatch(param)) {
          slices.add(new TrainedSlice(params.get(param), entry.getValue()));
        }
      }
    }
    return slices;
  }

  static double squaredNorm(List<INDArray> parts) {
    double sum = 0;
    for (INDArray part : parts) {
      double norm = part.norm2Number().doubleValue();
      sum += norm * norm;
    }
    return sum;
  }
}
