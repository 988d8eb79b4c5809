package io.sparktrain.transfer;

import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Builds the network a {@code transfer} or {@code finetune} stage trains from a trained one: which
 * of its layers are kept with their parameters, which are frozen, which updater each trains with,
 * and what new layers follow.
 *
 * <p>The result is a plain {@link MultiLayerNetwork} whose frozen layers are DL4J
 * {@link FrozenLayer}s, so it checkpoints, resumes, evaluates and exports like any other, and the
 * engine recognises the frozen parameters and leaves them out of every exchange.
 */
public final class NetworkSurgery {

  private NetworkSurgery() {}

  /**
   * Keeps {@code source}'s layers {@code 0..keepThrough}, frozen or not, and appends {@code head}.
   *
   * @param updater the updater of every trainable layer
   * @param input the shape of the examples, from which DL4J sizes the new layers
   */
  public static MultiLayerNetwork transfer(MultiLayerNetwork source, int keepThrough,
      boolean freeze, ModelSpec head, IUpdater updater, long seed, InputShape input) {
    int layers = source.getnLayers();
    if (keepThrough < 0 || keepThrough >= layers) {
      throw new SpecException("keep", List.of("keep: the source network has layers 0.."
          + (layers - 1) + ", found " + keepThrough));
    }
    List<Layer> confs = new ArrayList<>();
    List<Boolean> frozen = new ArrayList<>();
    for (int i = 0; i <= keepThrough; i++) {
      confs.add(unwrapped(source, i));
      frozen.add(freeze);
    }
    for (Layer layer : NetworkFactory.layers(head)) {
      confs.add(layer);
      frozen.add(false);
    }
    return build(source, keepThrough + 1, confs, frozen, uniform(updater, confs.size()), seed,
        input);
  }

  /**
   * All of {@code source}'s layers with their parameters, the top {@code unfreezeTop} trainable
   * (every layer when negative) and the rest frozen.
   *
   * @param updaters one updater per layer (per-group learning rates); frozen layers ignore theirs
   */
  public static MultiLayerNetwork finetune(MultiLayerNetwork source, int unfreezeTop,
      List<IUpdater> updaters, long seed, InputShape input) {
    int layers = source.getnLayers();
    int firstTrainable = unfreezeTop < 0 ? 0 : Math.max(0, layers - unfreezeTop);
    List<Layer> confs = new ArrayList<>();
    List<Boolean> frozen = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      confs.add(unwrapped(source, i));
      frozen.add(i < firstTrainable);
    }
    return build(source, layers, confs, frozen, updaters, seed, input);
  }

  /** {@code updater} for each of {@code n} layers. */
  public static List<IUpdater> uniform(IUpdater updater, int n) {
    List<IUpdater> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(updater.clone());
    }
    return all;
  }

  /** The names of a network's layers, by index: what a spec may name a layer by. */
  public static List<String> layerNames(MultiLayerNetwork network) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < network.getnLayers(); i++) {
      names.add(unwrapped(network, i).getLayerName());
    }
    return names;
  }

  /** A layer's configuration, copied, without the frozen wrapper it may carry. */
  private static Layer unwrapped(MultiLayerNetwork source, int i) {
    Layer conf = source.getLayerWiseConfigurations().getConf(i).getLayer();
    Layer inner = conf instanceof FrozenLayer f ? f.getLayer() : conf;
    return inner.clone();
  }

  /**
   * A new network of {@code confs}; the first {@code copied} take their parameters (and input
   * preprocessors) from {@code source}, the others are initialised from {@code seed}.
   */
  private static MultiLayerNetwork build(MultiLayerNetwork source, int copied, List<Layer> confs,
      List<Boolean> frozen, List<IUpdater> updaters, long seed, InputShape input) {
    if (updaters.size() != confs.size()) {
      throw new IllegalArgumentException(
          updaters.size() + " updaters for " + confs.size() + " layers");
    }
    NeuralNetConfiguration.ListBuilder builder = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(updaters.isEmpty() ? null : updaters.get(updaters.size() - 1))
        .list();
    MultiLayerConfiguration sourceConf = source.getLayerWiseConfigurations();
    Map<Integer, InputPreProcessor> preprocessors = new TreeMap<>();
    for (int i = 0; i < confs.size(); i++) {
      Layer conf = confs.get(i);
      if (conf instanceof BaseLayer base) {
        base.setIUpdater(updaters.get(i).clone());
        base.setBiasUpdater(null);
      }
      conf.setLayerName("layer" + i);
      if (conf instanceof EmbeddingSequenceLayer embedding && input.words() != null) {
        // Its nIn counts the vocabulary's rows, which the input type cannot tell.
        embedding.setNIn(input.words().rows());
      } else if (conf instanceof FeedForwardLayer feedForward) {
        feedForward.setNIn(0); // inferred from the input type, so a shape change shows below
      }
      // A layer without parameters (dropout, pooling) has nothing to freeze, and DL4J's frozen
      // wrapper would also switch it to inference mode, which breaks its workspace handling.
      boolean freeze = frozen.get(i) && conf.initializer().numParams(conf) > 0;
      builder.layer(i, freeze ? new FrozenLayer(conf) : conf);
      InputPreProcessor pre = i < copied ? sourceConf.getInputPreProcess(i) : null;
      if (pre != null) {
        preprocessors.put(i, pre.clone());
      }
    }
    preprocessors.forEach(builder::inputPreProcessor);
    MultiLayerNetwork network = new MultiLayerNetwork(
        builder.setInputType(input.toInputType()).overrideNinUponBuild(false).build());
    network.init();
    for (int i = 0; i < copied; i++) {
      long expected = source.getLayer(i).numParams();
      long found = network.getLayer(i).numParams();
      if (expected != found) {
        throw new SpecException("input", List.of("layer " + i + " of the source network has "
            + expected + " parameters but " + found + " in the new network: the data's input "
            + "shape differs from what the source network was trained on"));
      }
      if (expected > 0) {
        network.getLayer(i).params().assign(source.getLayer(i).params());
      }
    }
    return network;
  }
}
