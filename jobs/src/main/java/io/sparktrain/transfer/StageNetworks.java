package io.sparktrain.transfer;

import io.sparktrain.model.InputShape;
import io.sparktrain.model.UpdaterFactory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.LayerRate;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The network a {@code transfer} or {@code finetune} stage starts training from, a stack
 * ({@link NetworkSurgery}) or a graph ({@link GraphSurgery}, {@link GraphFinetune}). A graph's
 * layers are numbered in its topological order ({@link GraphLayers}).
 */
public final class StageNetworks {

  private StageNetworks() {}

  /**
   * {@code transfer}: the source's layers through {@code keep}, frozen or not, then the head
   * ({@code job}'s model), trained by {@code job}'s optimizer from its seed. A graph keeps the
   * vertex {@code keep} (a layer's index or any vertex's name, merges included) and everything it
   * reads.
   */
  public static Model transfer(Model source, String keep, boolean freeze, JobSpec job,
      InputShape input) {
    IUpdater updater = UpdaterFactory.updater(job.optimizer());
    if (source instanceof ComputationGraph graph) {
      return GraphSurgery.transfer(graph, vertexName(graph, keep), freeze, job.model(), updater,
          job.training().seed(), input);
    }
    MultiLayerNetwork stack = (MultiLayerNetwork) source;
    return NetworkSurgery.transfer(stack, layerIndex(stack, keep, "keep"), freeze, job.model(),
        updater, job.training().seed(), input);
  }

  /** A graph's vertex named by itself or, as a stack's layer, by its index in the layer order. */
  private static String vertexName(ComputationGraph graph, String nameOrIndex) {
    return nameOrIndex.matches("-?[0-9]+")
        ? GraphLayers.names(graph).get(layerIndex(graph, nameOrIndex, "keep")) : nameOrIndex;
  }

  /**
   * {@code finetune}: the source whole, its top {@code unfreeze} layers (-1 for all) trainable,
   * groups of layers at their own learning rates and the others at {@code job}'s optimizer's.
   */
  public static Model finetune(Model source, int unfreeze, List<LayerRate> rates, JobSpec job,
      InputShape input) {
    int layers = layerNames(source).size();
    OptimizerSpec optimizer = job.optimizer();
    List<IUpdater> updaters = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      updaters.add(UpdaterFactory.updater(optimizer));
    }
    for (int g = 0; g < rates.size(); g++) {
      LayerRate rate = rates.get(g);
      if (rate.last() >= layers) {
        throw new SpecException("learningRates", List.of("learningRates[" + g + "].layers: the "
            + "network has layers 0.." + (layers - 1) + ", found [" + rate.first() + ", "
            + rate.last() + "]"));
      }
      OptimizerSpec own = optimizer.withLearningRate(rate.learningRate());
      for (int i = rate.first(); i <= rate.last(); i++) {
        updaters.set(i, UpdaterFactory.updater(own));
      }
    }
    return source instanceof ComputationGraph graph
        ? GraphFinetune.of(graph, unfreeze, updaters)
        : NetworkSurgery.finetune((MultiLayerNetwork) source, unfreeze, updaters,
            job.training().seed(), input);
  }

  /**
   * A layer given by 0-based index or by name (a graph's: its layer vertices in topological
   * order).
   *
   * @param field the spec key, for the message
   */
  public static int layerIndex(Model network, String nameOrIndex, String field) {
    List<String> names = layerNames(network);
    if (nameOrIndex.matches("-?[0-9]+")) {
      int index = Integer.parseInt(nameOrIndex);
      if (index >= 0 && index < names.size()) {
        return index;
      }
    } else if (names.contains(nameOrIndex)) {
      return names.indexOf(nameOrIndex);
    }
    throw new SpecException(field, List.of(field + ": no layer '" + nameOrIndex + "' (the "
        + "network has layers 0.." + (names.size() - 1) + ": " + String.join(", ", names) + ")"));
  }

  /** Layer names by index: a stack's layers, a graph's layer vertices in topological order. */
  public static List<String> layerNames(Model network) {
    return network instanceof ComputationGraph graph ? GraphLayers.names(graph)
        : NetworkSurgery.layerNames((MultiLayerNetwork) network);
  }
}
