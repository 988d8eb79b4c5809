package io.sparktrain.model;

import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.SpecException;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds the DL4J network (and its configuration) a job spec describes. */
public final class NetworkFactory {

  private NetworkFactory() {}

  /**
   * A new network of the spec, initialised from {@code seed}: a stack of {@code model.layers}
   * ({@link #configuration}) or a graph of {@code model.graph} ({@link GraphFactory}). What
   * {@code sparktrain train} and the spark.ml estimator both start from.
   *
   * @throws SpecException naming the vertex where a graph's shapes do not meet
   */
  public static Model network(ModelSpec model, OptimizerSpec optimizer, long seed,
      InputShape input) {
    if (model.isGraph()) {
      ComputationGraph graph =
          new ComputationGraph(GraphFactory.configuration(model, optimizer, seed, input));
      graph.init();
      return graph;
    }
    MultiLayerNetwork network =
        new MultiLayerNetwork(configuration(model, optimizer, seed, input));
    network.init();
    return network;
  }

  /**
   * A sequential network in float32: the spec's layers in order, the optimizer's updater and
   * schedule on every layer, weights drawn from {@code seed}. DL4J infers every layer's input size
   * from {@code input} and adds the reshaping preprocessors image input needs.
   *
   * @throws IllegalArgumentException if DL4J rejects the combination (say, conv2d on flat input)
   */
  public static MultiLayerConfiguration configuration(ModelSpec model, OptimizerSpec optimizer,
      long seed, InputShape input) {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(UpdaterFactory.updater(optimizer))
        .list();
    for (int i = 0; i < model.layers().size(); i++) {
      layers.layer(i, LayerFactory.layer(model.layers().get(i), model, input, i));
    }
    if (!model.layers().isEmpty() && model.layers().get(0).type().recurrent()
        && !input.sequence()) {
      layers.inputPreProcessor(0, SequenceInput.of(input));
    }
    // An embedding's nIn is its vocabulary, not the input's width: keep the nIn layers set.
    return layers.setInputType(input.toInputType()).overrideNinUponBuild(false).build();
  }

  /** The DL4J configurations of the spec's layers, in order (input sizes left to DL4J). */
  public static List<org.deeplearning4j.nn.conf.layers.Layer> layers(ModelSpec model) {
    return IntStream.range(0, model.layers().size())
        .mapToObj(i -> LayerFactory.layer(model.layers().get(i), model, null, i)).toList();
  }

  /**
   * Checks the model against the data it will train on: the output layer must have one unit per
   * class, and a last {@code rbm} layer needs the input as its target.
   *
   * @throws SpecException naming {@code model.layers[i].units} when the counts differ
   */
  public static void validateAgainstData(ModelSpec model, int numClasses) {
    validateAgainstData(model, numClasses, "classes");
  }

  /**
   * Checks the output layer's units against what the data needs.
   *
   * @param what what {@code outputs} counts, for the message: "classes" or "features"
   */
  public static void validateAgainstData(ModelSpec model, int outputs, String what) {
    if (model.isGraph()) {
      GraphFactory.validateAgainstData(model.graph(), outputs, what);
    }
    List<LayerSpec> layers = model.layers();
    int last = layers.size() - 1;
    if (last >= 0 && layers.get(last).type() == LayerSpec.LayerType.RBM && what.equals("classes")) {
      throw new SpecException("model", List.of("model.layers[" + last + "]: an 'rbm' as the last "
          + "layer learns its input without labels; it needs data.target: input"));
    }
    for (int i = 0; i < layers.size(); i++) {
      LayerSpec layer = layers.get(i);
      if (layer.type() == LayerSpec.LayerType.OUTPUT && layer.units() != null
          && layer.units() != outputs) {
        throw new SpecException("model", List.of("model.layers[" + i + "].units: must equal the "
            + "number of " + what + " in the data (" + outputs + "), found " + layer.units()));
      }
    }
  }
}
