package io.sparktrain.model;

import java.io.Serializable;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * Backstitch (Wang, Peddinti, Povey and Khudanpur 2017): on a mini-batch, first a step of
 * {@code -alpha * lr} along the gradient (away from the minimum), then the gradient recomputed
 * at that point and a step of {@code (1 + alpha) * lr} along it. Every {@code every}-th
 * mini-batch (global iteration {@code % every == 0}); the others take the plain step.
 *
 * <p>A training listener, because only there does DL4J let the whole gradient be replaced before
 * the update rule sees it: at {@link #onGradientCalculation} the parameters take the backward
 * step, the gradient is recomputed into the same views, and scaled by {@code 1 + alpha}, so that
 * the plain SGD rule that follows takes the forward step. That is exact for a rule linear in the
 * gradient (SGD); the spec allows it only with {@code optimizer.type: sgd}. The gradient here is
 * still summed over the batch, as DL4J divides by the batch size in the updater: the backward
 * step divides likewise. Only the parameters trained by their gradient ({@link TrainedSlices})
 * take both steps; frozen ones and batch normalisation's running statistics, which DL4J moves by
 * a {@code NoOp} "gradient" toward the batch's statistics, move once, as in a plain step, from
 * the statistics at the backstitched point. The same for a stack of layers and a graph.
 * Serializable: the engine sends it to its replicas.
 */
public final class Backstitch extends BaseTrainingListener implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double alpha;
  private final int every;
  private final TrainedSlices trained = new TrainedSlices();

  /**
   * @param alpha the backward step's share of the rate, &gt; 0
   * @param every the interval in mini-batches, &gt;= 1
   */
  public Backstitch(double alpha, int every) {
    if (!(alpha > 0) || every < 1) {
      throw new IllegalArgumentException("alpha must be > 0 and every >= 1, found " + alpha
          + ", " + every);
    }
    this.alpha = alpha;
    this.every = every;
  }

  @Override
  public void onGradientCalculation(Model model) {
    int iteration = NetworkParts.iterationCount(model);
    if (iteration % every != 0) {
      return;
    }
    int epoch = NetworkParts.epochCount(model);
    double divisor = TrainedSlices.batchDivisor(model);
    // The recomputed gradient lands in the same flat array, so the same views serve both steps.
    List<TrainedSlices.Slice> slices = trained.of(model);
    for (TrainedSlices.Slice slice : slices) {
      // Each parameter at its own layer's rate: a fine-tuning stage may give layers different
      // ones.
      double back = alpha * slice.updater().getLearningRate(iteration, epoch) / divisor;
      slice.parameter().addi(slice.gradient().mul(back));
    }
    // Model's own form takes a workspace manager; these read the batch that fit() or the fused
    // step left set, masks included.
    if (model instanceof ComputationGraph graph) {
      graph.computeGradientAndScore();
    } else {
      ((MultiLayerNetwork) model).computeGradientAndScore();
    }
    // Global-norm clipping installed before this listener clipped the first gradient; the
    // forward step must take the recomputed one clipped too. Only clipping, which changes nothing
    // when run twice: another hook might count its calls.
    for (TrainingListener listener : NetworkParts.listeners(model)) {
      if (listener == this) {
        break;
      }
      if (listener instanceof GlobalNormClipping) {
        listener.onGradientCalculation(model);
      }
    }
    for (TrainedSlices.Slice slice : slices) {
      slice.gradient().muli(1 + alpha);
    }
  }
}
