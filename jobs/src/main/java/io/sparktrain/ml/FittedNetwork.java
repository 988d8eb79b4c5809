package io.sparktrain.ml;

import java.util.Map;
import org.deeplearning4j.nn.api.Model;

/**
 * A trained network and what it was trained on: what a fitted model carries and saves.
 *
 * @param network the trained network, a stack or a graph (parameters and updater state), on the
 *     driver
 * @param numFeatures width of the features vectors it takes
 * @param numClasses classes it scores
 * @param provenance how it came about: code version, seed, engine, Spark, data, losses
 */
record FittedNetwork(Model network, int numFeatures, int numClasses,
    Map<String, Object> provenance) {

  FittedNetwork {
    provenance = Map.copyOf(provenance);
  }
}
