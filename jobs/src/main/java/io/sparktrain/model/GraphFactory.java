package io.sparktrain.model;

import io.sparktrain.model.vae.SamplingVertex;
import io.sparktrain.spec.GraphNode;
import io.sparktrain.spec.GraphSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.SpecException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds the DL4J {@code ComputationGraph} configuration of a {@code model.graph}: each layer
 * vertex through the same {@link LayerFactory} as a stack's layers, merges as DL4J's elementwise
 * and merge vertices, and a layer with {@code shares} references as one layer run over its own and
 * its sharers' inputs stacked along the batch ({@code StackVertex}, then one
 * {@code UnstackVertex} per user): one set of weights, gradients summed over every use. Halves
 * of a flat input are DL4J's subset vertices, the VAE's sampling sparktrain's
 * {@link SamplingVertex}.
 *
 * <p>Every input of the graph receives the data's features, or the columns of them it selects
 * ({@link ColumnInputs}). Before DL4J sees the graph, the shapes are followed from the inputs to
 * every merge, so a mismatch is reported at its vertex's path.
 */
public final class GraphFactory {

  /** Suffixes of the DL4J vertices a shared layer becomes; '/' cannot start a spec name's end. */
  static final String STACKED = "/stacked";
  static final String SHARED = "/shared";

  private GraphFactory() {}

  /**
   * The graph in float32 with the optimizer's updater and schedule on every layer, weights drawn
   * from {@code seed}; DL4J infers every layer's input size from {@code input}.
   *
   * @throws SpecException naming {@code model.graph.layers[i].inputs} where shapes do not meet,
   *     {@code model.graph.inputs[i].columns} where the data has no such columns
   */
  public static ComputationGraphConfiguration configuration(ModelSpec model,
      OptimizerSpec optimizer, long seed, InputShape input) {
    GraphSpec graph = model.graph();
    ColumnInputs.check(graph, input);
    Map<String, Layer> layers = layers(model, input);
    Map<String, InputType> shapes = checkShapes(graph, layers, input.toInputType());
    GraphBuilder builder = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(UpdaterFactory.updater(optimizer))
        .graphBuilder();
    InputType[] types = new InputType[graph.selectsColumns() ? 1 : graph.inputs().size()];
    java.util.Arrays.fill(types, input.toInputType());
    if (graph.selectsColumns()) {
      ColumnInputs.add(builder, graph, input.size());
    } else {
      builder.addInputs(graph.inputNames());
    }
    for (GraphNode node : graph.order()) {
      add(builder, graph, node, layers.get(node.name()), shapes);
    }
    return builder.setOutputs(graph.outputs().toArray(String[]::new)).setInputTypes(types)
        .build();
  }

  /** Each layer vertex's DL4J layer, an output's loss scaled by its weight. */
  private static Map<String, Layer> layers(ModelSpec model, InputShape input) {
    Map<String, Layer> layers = new HashMap<>();
    List<GraphNode> nodes = model.graph().nodes();
    for (int i = 0; i < nodes.size(); i++) {
      GraphNode node = nodes.get(i);
      if (node.layer() != null) {
        Layer layer = LayerFactory.layer(node.layer(), model, input, i);
        if (node.isOutput() && node.resolvedLossWeight() != GraphNode.DEFAULT_LOSS_WEIGHT) {
          if (layer instanceof BaseOutputLayer out) {
            out.setLossFn(new WeightedLoss(out.getLossFn(), node.resolvedLossWeight()));
          } else if (layer instanceof LossLayer out) {
            out.setLossFn(new WeightedLoss(out.getLossFn(), node.resolvedLossWeight()));
          }
        }
        layers.put(node.name(), layer);
      }
    }
    return layers;
  }

  private static void add(GraphBuilder builder, GraphSpec graph, GraphNode node, Layer layer,
      Map<String, InputType> shapes) {
    String name = node.name();
    if (node.merge() != null) {
      long width = shapes.get(node.inputs().get(0)).arrayElementsPerExample();
      builder.addVertex(name, merge(node.merge(), width), node.inputs().toArray(String[]::new));
      return;
    }
    if (node.shares() != null) {
      return; // added with the layer it shares
    }
    List<String> sharers = graph.sharersOf(name);
    if (sharers.isEmpty()) {
      builder.addLayer(name, layer, node.inputs().get(0));
      return;
    }
    List<String> stacked = new ArrayList<>(node.inputs());
    sharers.forEach(s -> stacked.add(graph.node(s).inputs().get(0)));
    builder.addVertex(name + STACKED, new StackVertex(), stacked.toArray(String[]::new));
    builder.addLayer(name + SHARED, layer, name + STACKED);
    builder.addVertex(name, new UnstackVertex(0, stacked.size()), name + SHARED);
    for (int k = 0; k < sharers.size(); k++) {
      builder.addVertex(sharers.get(k), new UnstackVertex(k + 1, stacked.size()), name + SHARED);
    }
  }

  /** @param width the values per example of the (first) input */
  private static GraphVertex merge(GraphNode.Merge merge, long width) {
    int half = Math.toIntExact(width / 2);
    return switch (merge) {
      case ADD -> new ElementWiseVertex(ElementWiseVertex.Op.Add);
      case MULTIPLY -> new ElementWiseVertex(ElementWiseVertex.Op.Product);
      case SUBTRACT -> new ElementWiseVertex(ElementWiseVertex.Op.Subtract);
      case CONCATENATE -> new MergeVertex();
      // SubsetVertex's range is inclusive at both ends.
      case FIRST_HALF -> new SubsetVertex(0, half - 1);
      case SECOND_HALF -> new SubsetVertex(half, 2 * half - 1);
      case SAMPLING -> new SamplingVertex();
    };
  }

  /**
   * Follows the activation shapes from the inputs through every vertex: an elementwise merge or a
   * shared layer needs equal shapes, a concatenation equal sizes but along the channels.
   */
  private static Map<String, InputType> checkShapes(GraphSpec graph, Map<String, Layer> layers,
      InputType input) {
    Map<String, InputType> shapes = new HashMap<>();
    graph.inputs().forEach(in -> shapes.put(in.name(), ColumnInputs.shape(in, input)));
    List<String> problems = new ArrayList<>();
    for (GraphNode node : graph.order()) {
      String at = "model.graph.layers[" + graph.nodes().indexOf(node) + "]";
      List<InputType> in = node.inputs().stream().map(shapes::get).toList();
      if (in.contains(null)) {
        continue; // after an earlier problem
      }
      InputType out = null;
      if (node.shares() != null) {
        InputType own = shapes.get(graph.node(node.shares()).inputs().get(0));
        out = own != null && own.equals(in.get(0)) ? shapes.get(node.shares()) : null;
        if (own != null && out == null) {
          problems.add(at + ".inputs: the shared layer '" + node.shares() + "' reads " + own
              + ", found " + in.get(0));
        }
      } else if (node.merge() != null) {
        out = mergedShape(node.merge(), in);
        if (out == null) {
          String kind = io.sparktrain.spec.YamlNames.of(node.merge());
          problems.add(at + ".inputs: " + (node.merge().single()
              ? "a '" + kind + "' vertex splits a flat input of even width, found "
              : "shapes do not fit a '" + kind + "' merge: ") + describe(node, in));
        }
      } else {
        out = layerShape(layers.get(node.name()), in.get(0));
      }
      if (out != null) {
        shapes.put(node.name(), out);
      }
    }
    if (!problems.isEmpty()) {
      throw new SpecException("model", problems);
    }
    return shapes;
  }

  private static InputType mergedShape(GraphNode.Merge merge, List<InputType> in) {
    if (merge.single()) {
      // Halves and the sample split a flat input of even width in two.
      long width = in.get(0).arrayElementsPerExample();
      return in.get(0).getType() == InputType.Type.FF && width % 2 == 0
          ? InputType.feedForward(width / 2) : null;
    }
    if (merge != GraphNode.Merge.CONCATENATE) {
      return in.stream().allMatch(in.get(0)::equals) ? in.get(0) : null;
    }
    // DL4J's merge vertex checks the channel layout but not that the images are the same size.
    boolean sameSize = in.stream().allMatch(t -> t instanceof InputType.InputTypeConvolutional c
        && in.get(0) instanceof InputType.InputTypeConvolutional first
        && c.getHeight() == first.getHeight() && c.getWidth() == first.getWidth())
        || in.stream().allMatch(t -> t.getType() == InputType.Type.FF);
    if (!sameSize) {
      return null;
    }
    try {
      return new MergeVertex().getOutputType(-1, in.toArray(InputType[]::new));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static InputType layerShape(Layer layer, InputType in) {
    InputPreProcessor reshape = layer.getPreProcessorForInputType(in);
    return layer.getOutputType(-1, reshape == null ? in : reshape.getOutputType(in));
  }

  private static String describe(GraphNode node, List<InputType> in) {
    List<String> each = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      each.add(node.inputs().get(i) + " " + in.get(i));
    }
    return String.join(", ", each);
  }

  /**
   * Checks the graph against the data: every output layer has one unit per class.
   *
   * @param what what {@code outputs} counts, for the message: "classes" or "features"
   */
  public static void validateAgainstData(GraphSpec graph, int outputs, String what) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < graph.nodes().size(); i++) {
      GraphNode node = graph.nodes().get(i);
      if (node.isOutput() && node.layer().units() != null && node.layer().units() != outputs) {
        problems.add("model.graph.layers[" + i + "].units: must equal the number of " + what
            + " in the data (" + outputs + "), found " + node.layer().units());
      }
    }
    if (!problems.isEmpty()) {
      throw new SpecException("model", problems);
    }
  }
}
