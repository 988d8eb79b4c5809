package io.sparktrain.transfer;

import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.SpecException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The transfer stage on a graph: keeps a trained graph up to a named vertex (the vertex and
 * everything it reads, with their parameters), drops the rest, and attaches a new head there. The
 * kept part is frozen through DL4J's feature extractor, so the engine leaves its parameters out of
 * every exchange as it does a stack's frozen layers.
 */
public final class GraphSurgery {

  /** The new head's layers are named {@code head-0}, {@code head-1}, ...; the last is the output. */
  public static final String HEAD = "head-";

  private GraphSurgery() {}

  /**
   * @param vertex the vertex whose activations the head reads
   * @param freeze whether the kept part stays fixed
   * @param head the new layers, a stack ending in an output layer
   * @throws SpecException naming {@code keep} when the graph has no such vertex
   */
  public static ComputationGraph transfer(ComputationGraph source, String vertex, boolean freeze,
      ModelSpec head, IUpdater updater, long seed, InputShape input) {
    ComputationGraphConfiguration conf = source.getConfiguration();
    if (!conf.getVertices().containsKey(vertex)) {
      throw new SpecException("keep", List.of("keep: the source graph has no vertex '" + vertex
          + "' (it has: " + String.join(", ", conf.getVertices().keySet()) + ")"));
    }
    TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(source)
        .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(updater).seed(seed)
            .build());
    if (freeze) {
      builder.setFeatureExtractor(vertex);
    }
    Set<String> kept = upstream(conf, vertex);
    for (String name : conf.getVertices().keySet()) {
      if (!kept.contains(name)) {
        builder.removeVertexAndConnections(name);
      }
    }
    Map<String, InputType> types = conf.getLayerActivationTypes(
        conf.getNetworkInputs().stream().map(i -> input.toInputType()).toArray(InputType[]::new));
    InputType type = types.get(vertex);
    String previous = vertex;
    List<Layer> layers = NetworkFactory.layers(head);
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      InputPreProcessor reshape = layer.getPreProcessorForInputType(type);
      InputType in = reshape == null ? type : reshape.getOutputType(type);
      layer.setNIn(in, true);
      builder.addLayer(HEAD + i, layer, reshape, previous);
      type = layer.getOutputType(-1, in);
      previous = HEAD + i;
    }
    return builder.setOutputs(previous).build();
  }

  /** {@code vertex} and every vertex it reads from, directly or not. */
  private static Set<String> upstream(ComputationGraphConfiguration conf, String vertex) {
    Set<String> seen = new HashSet<>();
    Deque<String> open = new ArrayDeque<>(List.of(vertex));
    while (!open.isEmpty()) {
      String name = open.pop();
      if (seen.add(name)) {
        open.addAll(conf.getVertexInputs().getOrDefault(name, List.of()));
      }
    }
    return seen;
  }
}
