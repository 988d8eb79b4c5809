package io.sparktrain.model;

import io.sparktrain.spec.DescentSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.api.Model;

/**
 * Whether a step's gradient is the mean of its examples' gradients or their sum. DL4J's loss
 * functions return the sum and its updater divides by the batch size when the configuration says
 * {@code miniBatch} (the default); turning that off leaves the sum.
 */
public final class GradientReduction {

  private GradientReduction() {}

  /** Sets {@code network}'s (a stack's or a graph's) reduction, in place, before any replica is built from it. */
  public static void install(Model network, DescentSpec.Reduction reduction) {
    boolean mean = reduction == DescentSpec.Reduction.AVERAGED;
    // The updater asks the network's own configuration; replicas built from the JSON take
    // theirs from the first layer's.
    network.conf().setMiniBatch(mean);
    for (NeuralNetConfiguration conf : NetworkParts.configurations(network)) {
      conf.setMiniBatch(mean);
    }
    for (Layer layer : NetworkParts.layers(network)) {
      layer.conf().setMiniBatch(mean);
    }
  }
}
