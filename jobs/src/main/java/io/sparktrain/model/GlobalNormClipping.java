package io.sparktrain.model;

import java.io.Serializable;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Clips the gradient by its global L2 norm (Pascanu, Mikolov and Bengio 2013): when the norm of
 * all trainable parameters' gradients taken together exceeds {@code maxNorm}, every component is
 * scaled by {@code maxNorm / norm}, so the norm becomes exactly {@code maxNorm}.
 *
 * <p>DL4J clips per layer only: its updaters see one block of parameters at a time. The one point
 * that sees the whole gradient before any update is a training listener's
 * {@link #onGradientCalculation}. There the gradient is still summed over the mini-batch (DL4J's
 * updater divides by the batch size next), so the norm compared is the sum's over the batch size:
 * the mean gradient's, as PyTorch's {@code clip_grad_norm_} sees it. Only the {@link
 * TrainedSlices} count. For stacks and graphs alike. Serializable: the engine sends it to its
 * replicas.
 */
public final class GlobalNormClipping extends BaseTrainingListener implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double maxNorm;
  private final TrainedSlices trained = new TrainedSlices();

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

  @Override
  public void onGradientCalculation(Model network) {
    List<TrainedSlices.Slice> slices = trained.of(network);
    double norm = Math.sqrt(squaredNorm(slices)) / TrainedSlices.batchDivisor(network);
    if (norm > maxNorm) {
      double scale = maxNorm / norm;
      slices.forEach(slice -> slice.gradient().muli(scale));
    }
  }

  private static double squaredNorm(List<TrainedSlices.Slice> slices) {
    double sum = 0;
    for (TrainedSlices.Slice slice : slices) {
      double norm = slice.gradient().norm2Number().doubleValue();
      sum += norm * norm;
    }
    return sum;
  }
}
