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

  /** The network's configuration as JSON, which rebuilds it on the executors. */
  public static String configurationJson(Model network) {
    return network instanceof ComputationGraph graph ? graph.getConfiguration().toJson()
        : stack(network).getLayerWiseConfigurations().toJson();
  }

  /** Whether {@code network} is a graph rather than a stack of layers. */
  public static boolean isGraph(Model network) {
    return network instanceof ComputationGraph;
  }

  /**
   * The units of the network's (first) output layer; -1 where it has no weight matrix to count
   * them by.
   */
  public static long outputUnits(Model network) {
    org.deeplearning4j.nn.api.Layer last = network instanceof ComputationGraph graph
        ? graph.getOutputLayer(0) : stack(network).getLayer(stack(network).getnLayers() - 1);
    return last.getParam("W") == null ? -1 : last.getParam("W").size(1);
  }

  /** The network's (first) output layer's configuration. */
  public static org.deeplearning4j.nn.conf.layers.Layer outputLayer(Model network) {
    return (network instanceof ComputationGraph graph ? graph.getOutputLayer(0)
        : stack(network).getLayer(stack(network).getnLayers() - 1)).conf().getLayer();
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
