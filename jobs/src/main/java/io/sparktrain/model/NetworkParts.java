package io.sparktrain.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * What the optimizer's rules read and change in a network whether it is a stack
 * ({@code MultiLayerNetwork}) or a graph ({@code ComputationGraph}): DL4J's common {@link Model}
 * interface has neither the layers' configurations nor the listeners nor the counters.
 */
public final class NetworkParts {

  private NetworkParts() {}

  /**
   * Every layer's configuration as the network's configuration holds it (in a graph, its layer
   * vertices' in no particular order); the live layers share these objects.
   */
  public static List<NeuralNetConfiguration> configurations(Model network) {
    if (network instanceof ComputationGraph graph) {
      List<NeuralNetConfiguration> confs = new ArrayList<>();
      graph.getConfiguration().getVertices().values().forEach(vertex -> {
        if (vertex instanceof LayerVertex layer) {
          confs.add(layer.getLayerConf());
        }
      });
      return confs;
    }
    return stack(network).getLayerWiseConfigurations().getConfs();
  }

  /** The live layers. */
  public static Layer[] layers(Model network) {
    return network instanceof ComputationGraph graph ? graph.getLayers()
        : stack(network).getLayers();
  }

  /** The network's training listeners. */
  public static Collection<TrainingListener> listeners(Model network) {
    Collection<TrainingListener> listeners = network instanceof ComputationGraph graph
        ? graph.getListeners() : stack(network).getListeners();
    return listeners == null ? List.of() : listeners;
  }

  /** Iterations the network has trained, as its configuration counts them. */
  public static int iterationCount(Model network) {
    return network instanceof ComputationGraph graph ? graph.getIterationCount()
        : stack(network).getIterationCount();
  }

  /** Epochs the network has finished, as its configuration counts them. */
  public static int epochCount(Model network) {
    return network instanceof ComputationGraph graph ? graph.getEpochCount()
        : stack(network).getEpochCount();
  }

  private static MultiLayerNetwork stack(Model network) {
    if (network instanceof MultiLayerNetwork stack) {
      return stack;
    }
    throw new IllegalArgumentException("neither a stack nor a graph: "
        + network.getClass().getName());
  }
}
