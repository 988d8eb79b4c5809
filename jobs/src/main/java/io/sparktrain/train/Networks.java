package io.sparktrain.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** What the engines ask of a network whether it is a stack or a graph. */
public final class Networks {

  private Networks() {}

  /** Epochs the network has finished, as its configuration counts them. */
  public static int epochCount(Model network) {
    return network instanceof ComputationGraph graph ? graph.getConfiguration().getEpochCount()
        : stack(network).getEpochCount();
  }

  /**
   * {@code network} as the MultiLayerNetwork the stack-only callers need.
   *
   * @throws IllegalStateException for a graph: such callers must use the engine's network()
   */
  public static MultiLayerNetwork stack(Model network) {
    if (network instanceof MultiLayerNetwork stack) {
      return stack;
    }
    throw new IllegalStateException("this network is a " + network.getClass().getSimpleName()
        + ", not a stack of layers");
  }
}
