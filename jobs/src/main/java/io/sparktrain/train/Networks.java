package io.sparktrain.train;

import io.sparktrain.model.GraphFeed;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

  /**
   * Rebuilds a network on an executor from its {@link #configurationJson} and flat parameters;
   * the parameters are copied, so a broadcast array stays untouched.
   */
  public static Model rebuild(String configurationJson, boolean graph, float[] params) {
    INDArray flat = Nd4j.createFromArray(params).reshape(1, params.length);
    if (graph) {
      ComputationGraph rebuilt =
          new ComputationGraph(ComputationGraphConfiguration.fromJson(configurationJson));
      rebuilt.init(flat, false);
      return rebuilt;
    }
    MultiLayerNetwork rebuilt =
        new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
    rebuilt.init(flat, false);
    return rebuilt;
  }

  /** The network's (first) output for {@code features}, in inference mode. */
  public static INDArray output(Model network, INDArray features) {
    return network instanceof ComputationGraph graph
        ? graph.output(false, GraphFeed.inputs(graph, features))[0]
        : stack(network).output(features, false);
  }

  /** A deep copy of {@code network}: parameters, updater state and configuration. */
  public static Model copy(Model network) {
    return network instanceof ComputationGraph graph ? graph.clone() : stack(network).clone();
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
