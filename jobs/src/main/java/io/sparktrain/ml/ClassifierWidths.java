package io.sparktrain.ml;

import io.sparktrain.model.ColumnsVertex;
import io.sparktrain.spec.DataException;
import io.sparktrain.train.Networks;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The widths of a network that batch prediction can score, a stack or a graph: one features
 * vector in (at every input of a graph), and (the first) output a classifier, softmax or sigmoid,
 * whose units are the probabilities written. What it cannot score is refused here, before Spark
 * runs a task.
 *
 * @param features width of the features vectors it takes
 * @param classes classes it scores
 */
record ClassifierWidths(int features, int classes) {

  /**
   * The widths of {@code network}.
   *
   * @throws DataException naming why it cannot be scored: graph inputs of different widths, an
   *     output that is not a classifier, or widths that cannot be told
   */
  static ClassifierWidths of(Model network) {
    String output = requireClassifier(network);
    long classes = Networks.outputUnits(network);
    if (classes < 1) {
      throw new DataException("model: cannot tell the classes of its output " + output
          + ", which has no weights to count them by");
    }
    return new ClassifierWidths(network instanceof ComputationGraph graph ? inputWidth(graph)
        : inputWidth(Networks.stack(network)), (int) classes);
  }

  /** Names the output scored, after checking it gives class probabilities. */
  private static String requireClassifier(Model network) {
    String name;
    org.deeplearning4j.nn.api.Layer layer;
    if (network instanceof ComputationGraph graph) {
      ComputationGraphConfiguration conf = graph.getConfiguration();
      name = "'" + conf.getNetworkOutputs().get(0) + "'";
      GraphVertex vertex = graph.getVertex(conf.getNetworkOutputs().get(0));
      layer = vertex.hasLayer() ? vertex.getLayer() : null;
    } else {
      MultiLayerNetwork stack = Networks.stack(network);
      name = "(layer " + (stack.getnLayers() - 1) + ")";
      layer = stack.getLayer(stack.getnLayers() - 1);
    }
    IActivation activation = layer instanceof IOutputLayer
        && layer.conf().getLayer() instanceof BaseLayer base ? base.getActivationFn() : null;
    if (!(activation instanceof ActivationSoftmax || activation instanceof ActivationSigmoid)) {
      throw new DataException("model: its first output " + name
          + (activation == null ? " is not an output layer" : " has activation " + activation)
          + ", not a softmax or sigmoid classifier; predict writes class probabilities, so it "
          + "scores classifiers only");
    }
    return name;
  }

  /**
   * Read at the first layer with weights: the layers without parameters before it (dropout,
   * alpha dropout, an activation) pass their input's width on.
   */
  private static int inputWidth(MultiLayerNetwork network) {
    int first = 0;
    while (first + 1 < network.getnLayers() && network.getLayer(first).numParams() == 0
        && network.getLayerWiseConfigurations().getInputPreProcess(first) == null) {
      first++;
    }
    return inputWidth(network.getLayerWiseConfigurations().getInputPreProcess(first),
        network.getLayer(first), first == 0 ? "its first layer" : "its layer " + first);
  }

  /**
   * The width every input of the graph reads. Prediction feeds the one features vector to each
   * input, as training does ({@code GraphFeed}), so inputs that read different widths cannot be
   * scored from one column.
   */
  private static int inputWidth(ComputationGraph graph) {
    List<String> inputs = graph.getConfiguration().getNetworkInputs();
    Map<String, Integer> widths = new LinkedHashMap<>();
    for (String input : inputs) {
      widths.put(input, inputWidth(graph, input));
    }
    if (new HashSet<>(widths.values()).size() > 1) {
      throw new DataException("model: the graph's inputs read vectors of different widths "
          + widths + "; predict feeds the one features vector to every input, as training "
          + "does, so it scores graphs whose inputs read the same width");
    }
    return widths.get(inputs.get(0));
  }

  /** The width of the vertex that reads {@code input}, the first in topological order. */
  private static int inputWidth(ComputationGraph graph, String input) {
    ComputationGraphConfiguration conf = graph.getConfiguration();
    for (String name : conf.getTopologicalOrderStr()) {
      if (conf.getVertexInputs().getOrDefault(name, List.of()).contains(input)) {
        if (conf.getVertices().get(name) instanceof LayerVertex vertex) {
          return inputWidth(vertex.getPreProcessor(), graph.getLayer(name), "'" + name + "'");
        }
        if (conf.getVertices().get(name) instanceof ColumnsVertex columns) {
          // Graph inputs that read feature columns: each keeps the whole vector's width.
          return Math.toIntExact(columns.width());
        }
        throw new DataException("model: cannot tell the input width of the graph: its input '"
            + input + "' goes into '" + name + "', which is not a layer");
      }
    }
    throw new DataException("model: the graph's input " + input + " goes into no vertex");
  }

  /** An image's pixels when the layer reshapes flat input, else its fan-in. */
  private static int inputWidth(InputPreProcessor reshape, org.deeplearning4j.nn.api.Layer layer,
      String name) {
    if (reshape instanceof FeedForwardToCnnPreProcessor image) {
      return (int) (image.getInputHeight() * image.getInputWidth() * image.getNumChannels());
    }
    INDArray weights = layer.getParam("W");
    if (weights == null) {
      throw new DataException("model: cannot tell the input width of " + name + ", a "
          + layer.getClass().getSimpleName());
    }
    return (int) weights.size(0);
  }
}
