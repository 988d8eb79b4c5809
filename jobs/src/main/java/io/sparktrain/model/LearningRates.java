package io.sparktrain.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

/** Reads the learning rate a network's updater applies at its current iteration and epoch. */
public final class LearningRates {

  private LearningRates() {}

  /** The first trainable layer's rate, schedule applied; NaN when no layer has one. */
  public static double current(MultiLayerNetwork network) {
    for (NeuralNetConfiguration conf : network.getLayerWiseConfigurations().getConfs()) {
      if (conf.getLayer() instanceof BaseLayer layer) {
        IUpdater updater = layer.getIUpdater();
        if (updater != null && updater.hasLearningRate()) {
          return updater.getLearningRate(network.getIterationCount(), network.getEpochCount());
        }
      }
    }
    return Double.NaN;
  }
}
