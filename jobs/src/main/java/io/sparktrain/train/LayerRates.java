package io.sparktrain.train;

import io.sparktrain.model.ScaledSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * A network's learning rates as a multiple of the ones it was built with, changed in place: the
 * live updaters read their configuration's rate at every step, so rescaling it takes effect at the
 * next step without rebuilding the updater, whose state views the exchange holds. ReduceLROnPlateau
 * and divergence rollback set the multiple; a schedule keeps its shape, scaled.
 */
final class LayerRates {

  private final List<IUpdater> updaters;
  private final double[] baseRates;
  private final ISchedule[] baseSchedules;
  private double scale = 1.0;

  private LayerRates(List<IUpdater> updaters) {
    this.updaters = updaters;
    this.baseRates = new double[updaters.size()];
    this.baseSchedules = new ISchedule[updaters.size()];
    for (int i = 0; i < updaters.size(); i++) {
      IUpdater u = updaters.get(i);
      baseRates[i] = u.getLearningRate(0, 0);
      baseSchedules[i] = schedule(u);
    }
  }

  /**
   * Every distinct updater configuration with a learning rate in {@code network}: the layers'
   * and the live updater blocks' (the same objects in DL4J today, collected from both so that a
   * copy in either is not missed).
   */
  static LayerRates of(MultiLayerNetwork network) {
    return of(network.getLayers(), network.getUpdater(true));
  }

  /** As {@link #of(MultiLayerNetwork)}, for any network's layers and live updater. */
  static LayerRates of(Layer[] layers, Object liveUpdater) {
    Set<IUpdater> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<IUpdater> found = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer.conf().getLayer() instanceof BaseLayer base) {
        add(base.getIUpdater(), seen, found);
        add(base.getBiasUpdater(), seen, found);
      }
    }
    if (liveUpdater instanceof BaseMultiLayerUpdater<?> updater) {
      for (UpdaterBlock block : updater.getUpdaterBlocks()) {
        add(block.getGradientUpdater().getConfig(), seen, found);
      }
    }
    return new LayerRates(found);
  }

  private static void add(IUpdater updater, Set<IUpdater> seen, List<IUpdater> found) {
    if (updater != null && updater.hasLearningRate() && seen.add(updater)) {
      found.add(updater);
    }
  }

  /** Sets every rate to {@code scale} times the one the network was built with. */
  void scaleTo(double newScale) {
    if (newScale == scale) {
      return;
    }
    for (int i = 0; i < updaters.size(); i++) {
      ISchedule base = baseSchedules[i];
      updaters.get(i).setLrAndSchedule(baseRates[i] * newScale,
          base == null ? null : newScale == 1.0 ? base : new ScaledSchedule(base, newScale));
    }
    scale = newScale;
  }

  double scale() {
    return scale;
  }

  /**
   * The updater's rate schedule, or null. IUpdater has a setter for it but no getter; every DL4J
   * configuration (Lombok) and sparktrain's own have {@code getLearningRateSchedule()}.
   */
  private static ISchedule schedule(IUpdater u) {
    try {
      Object s = u.getClass().getMethod("getLearningRateSchedule").invoke(u);
      return s instanceof ISchedule schedule ? schedule : null;
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
