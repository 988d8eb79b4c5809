package io.sparktrain.model;

import io.sparktrain.spec.ClipSpec;
import io.sparktrain.spec.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Installs the parts of an {@link OptimizerSpec} that are not the update rule into a network about
 * to train: decoupled weight decay and gradient clipping. Idempotent, and it replaces what an
 * earlier stage installed, so it is safe on a new network, a restored checkpoint and a transferred
 * one alike.
 *
 * <ul>
 *   <li>weightDecay: DL4J's {@link WeightDecay} on every trainable layer's weights (not biases or
 *       batch normalisation), applied after the update rule to the weights the step started from,
 *       with the coefficient {@code weightDecay * eta_t} ({@link ScaledSchedule}).
 *   <li>clip value: DL4J's per-layer {@code ClipElementWiseAbsoluteValue}, which for a
 *       per-component bound is the same as a global one; it acts on the mean gradient.
 *   <li>clip globalNorm: a {@link GlobalNormClipping} listener.
 * </ul>
 *
 * <p>Both weight decay and value clipping are in the layers' configuration, so model.zip and the
 * engine's replicas carry them; the listener travels to the replicas with the network's other
 * serializable listeners.
 */
public final class OptimizerRules {

  private OptimizerRules() {}

  /**
   * Installs {@code spec}'s weight decay and clipping into {@code network}, a stack or a graph,
   * replacing any.
   */
  public static void install(Model network, OptimizerSpec spec) {
    ISchedule decay = weightDecay(spec);
    ClipSpec clip = spec.clip();
    for (NeuralNetConfiguration conf : NetworkParts.configurations(network)) {
      if (conf.getLayer() instanceof BaseLayer layer) {
        List<Regularization> kept = new ArrayList<>(layer.getRegularization());
        kept.removeIf(r -> r instanceof WeightDecay);
        if (decay != null) {
          kept.add(new WeightDecay(decay, false));
        }
        layer.setRegularization(kept);
        boolean byValue = clip.mode() == ClipSpec.Mode.VALUE;
        layer.setGradientNormalization(byValue
            ? GradientNormalization.ClipElementWiseAbsoluteValue : GradientNormalization.None);
        layer.setGradientNormalizationThreshold(byValue ? clip.threshold() : 1.0);
      }
    }
    List<TrainingListener> listeners = new ArrayList<>(NetworkParts.listeners(network));
    listeners.removeIf(l -> l instanceof GlobalNormClipping);
    if (clip.mode() == ClipSpec.Mode.GLOBAL_NORM) {
      listeners.add(new GlobalNormClipping(clip.threshold()));
    }
    network.setListeners(listeners);
  }

  /**
   * The weight decay coefficient as a schedule, {@code weightDecay * lr_t / lr}; null when the
   * spec has none. Adadelta has no learning rate, hence no multiplier.
   */
  static ISchedule weightDecay(OptimizerSpec spec) {
    if (spec.weightDecay() == 0) {
      return null;
    }
    ISchedule rates = spec.type().hasLearningRate()
        ? UpdaterFactory.schedule(spec.schedule(), spec.learningRate()) : null;
    return rates == null ? new FixedSchedule(spec.weightDecay())
        : new ScaledSchedule(rates, spec.weightDecay() / spec.learningRate());
  }
}
