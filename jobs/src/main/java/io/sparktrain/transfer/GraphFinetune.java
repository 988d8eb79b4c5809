package io.sparktrain.transfer;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The {@code finetune} stage on a graph: the same graph with the same parameters, its layers
 * ({@link GraphLayers} order) below the top {@code unfreeze} wrapped in DL4J's
 * {@link FrozenLayer} and the others unwrapped, every trainable layer with its own updater. The
 * configuration is rebuilt rather than edited through DL4J's transfer-learning builder, which
 * can freeze but not thaw a layer a previous transfer froze. A frozen layer keeps its inner
 * layer's parameter layout, so the source's flat parameter vector fits the new graph as it is.
 */
final class GraphFinetune {

  private GraphFinetune() {}

  /**
   * @param unfreezeTop how many layers from the top train; negative for all
   * @param updaters one per layer in {@link GraphLayers} order
   */
  static ComputationGraph of(ComputationGraph source, int unfreezeTop, List<IUpdater> updaters) {
    List<String> names = GraphLayers.names(source);
    if (updaters.size() != names.size()) {
      throw new IllegalArgumentException(updaters.size() + " updaters for " + names.size()
          + " layers");
    }
    int firstTrainable = unfreezeTop < 0 ? 0 : Math.max(0, names.size() - unfreezeTop);
    ComputationGraphConfiguration conf = source.getConfiguration().clone();
    for (int i = 0; i < names.size(); i++) {
      GraphVertex vertex = conf.getVertices().get(names.get(i));
      if (vertex instanceof LayerVertex layerVertex) {
        Layer inner = unwrapped(layerVertex.getLayerConf().getLayer());
        if (inner instanceof BaseLayer base) {
          base.setIUpdater(updaters.get(i).clone());
          base.setBiasUpdater(null);
        }
        // A layer without parameters has nothing to freeze (as NetworkSurgery does for stacks).
        boolean freeze = i < firstTrainable && inner.initializer().numParams(inner) > 0;
        Layer layer = freeze ? new FrozenLayer(inner) : inner;
        // The graph names a layer's vertex after the layer, and a new wrapper has no name: its
        // JSON would rebuild a graph with an unnamed vertex.
        layer.setLayerName(names.get(i));
        layerVertex.getLayerConf().setLayer(layer);
      }
    }
    thawMerges(conf, source.getConfiguration().getTopologicalOrderStr(),
        firstTrainable < names.size() ? names.get(firstTrainable) : null);
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init(source.params().dup(), false);
    return graph;
  }

  /**
   * Unwraps the merge vertices a transfer froze ({@link FrozenVertex}: DL4J's feature extractor
   * freezes every vertex it keeps) from the first trainable layer on, in topological order. A
   * frozen merge hands no gradient back, so a trainable layer below it would have none to train
   * on (DL4J: "all epsilons not set"). Merges have no parameters, so nothing else changes.
   */
  private static void thawMerges(ComputationGraphConfiguration conf, List<String> order,
      String firstTrainable) {
    if (firstTrainable == null) {
      return;
    }
    for (String name : order.subList(order.indexOf(firstTrainable), order.size())) {
      if (conf.getVertices().get(name) instanceof FrozenVertex frozen) {
        conf.getVertices().put(name, frozen.getUnderlying());
      }
    }
  }

  private static Layer unwrapped(Layer layer) {
    if (layer instanceof FrozenLayer frozen) {
      return frozen.getLayer();
    }
    return layer instanceof FrozenLayerWithBackprop frozen ? frozen.getUnderlying() : layer;
  }
}
