package io.sparktrain.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.learning.config.IUpdater;

/** Reads the learning rate a network's updater applies at its current iteration and epoch. */
public final class LearningRates {

  private LearningRates() {}

  /** A stack's first trainable layer's rate (a graph's: any layer's), schedule applied; NaN when no layer has one. */
  public static double current(Model network) {
    for (NeuralNetConfiguration conf : NetworkParts.configurations(network)) {
      if (conf.getLayer() instanceof BaseLayer layer) {
        IUpdater updater = layer.getIUpdater();
        if (updater != null && updater.hasLearningRate()) {
          return updater.getLearningRate(NetworkParts.iterationCount(network),
              NetworkParts.epochCount(network));
        }
      }
    }
    return Double.NaN;
  }
}
