package io.sparktrain.transfer;

import io.sparktrain.model.InputShape;
import io.sparktrain.model.UpdaterFactory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.LayerRate;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

/** The network a {@code transfer} or {@code finetune} stage starts training from. */
public final class StageNetworks {

  private StageNetworks() {}

  /**
   * {@code transfer}: the source's layers through {@code keep}, frozen or not, then the head
   * ({@code job}'s model), trained by {@code job}'s optimizer from its seed.
   */
  public static MultiLayerNetwork transfer(MultiLayerNetwork source, String keep, boolean freeze,
      JobSpec job, InputShape input) {
    int last = layerIndex(source, keep, "keep");
    return NetworkSurgery.transfer(source, last, freeze, job.model(),
        UpdaterFactory.updater(job.optimizer()), job.training().seed(), input);
  }

  /**
   * {@code finetune}: the source whole, its top {@code unfreeze} layers (-1 for all) trainable,
   * groups of layers at their own learning rates and the others at {@code job}'s optimizer's.
   */
  public static MultiLayerNetwork finetune(MultiLayerNetwork source, int unfreeze,
      List<LayerRate> rates, JobSpec job, InputShape input) {
    int layers = source.getnLayers();
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
    return NetworkSurgery.finetune(source, unfreeze, updaters, job.training().seed(), input);
  }

  /**
   * A layer given by 0-based index or by name.
   *
   * @param field the spec key, for the message
   */
  public static int layerIndex(MultiLayerNetwork network, String nameOrIndex, String field) {
    List<String> names = NetworkSurgery.layerNames(network);
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
}
