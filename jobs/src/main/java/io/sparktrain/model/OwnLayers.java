package io.sparktrain.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * sparktrain's own layers ({@link GemmConvolution}, {@link TiledMaxPooling}, {@link
 * FusedBatchNormalization}) are DL4J's configurations under another name. Model zips carry
 * DL4J's names (the run store renames them on writing), so that DL4J alone restores them; this
 * class puts the layers the switches pick (the own ones by default, DL4J's with {@code
 * -Dsparktrain.conv=dl4j} and the like or on the GPU) into networks built from a spec and into
 * networks restored from a zip, whichever names it carries, or imported from Keras alike.
 */
public final class OwnLayers {

  private OwnLayers() {}

  /**
   * The configuration the switches pick for {@code layer}: for DL4J's convolution, max pooling
   * or batch normalisation (their exact classes: a subclass of DL4J's convolution is another
   * layer) sparktrain's own layer with the same fields where {@link HostMemory#ownLayer} allows
   * it, and for one of sparktrain's own where it does not, DL4J's; any other layer as it is.
   * Frozen layers keep their wrapper around the picked layer.
   */
  public static org.deeplearning4j.nn.conf.layers.Layer picked(
      org.deeplearning4j.nn.conf.layers.Layer layer) {
    Class<?> type = layer.getClass();
    if (type == ConvolutionLayer.class || type == GemmConvolution.class) {
      return pick(layer, HostMemory.ownLayer(GemmConvolution.SWITCH), GemmConvolution::new,
          ConvolutionLayer::new);
    }
    if ((type == SubsamplingLayer.class || type == TiledMaxPooling.class)
        && ((SubsamplingLayer) layer).getPoolingType() == PoolingType.MAX) {
      return pick(layer, HostMemory.ownLayer(TiledMaxPooling.SWITCH), TiledMaxPooling::new,
          SubsamplingLayer::new);
    }
    if (type == BatchNormalization.class || type == FusedBatchNormalization.class) {
      return pick(layer, HostMemory.ownLayer(FusedBatchNormalization.SWITCH),
          FusedBatchNormalization::new, BatchNormalization::new);
    }
    if (layer instanceof FrozenLayerWithBackprop frozen) {
      org.deeplearning4j.nn.conf.layers.Layer inner = picked(frozen.getUnderlying());
      if (inner != frozen.getUnderlying()) {
        FrozenLayerWithBackprop copy = (FrozenLayerWithBackprop) frozen.clone();
        copy.setUnderlying(inner);
        return copy;
      }
    } else if (layer instanceof FrozenLayer frozen) {
      org.deeplearning4j.nn.conf.layers.Layer inner = picked(frozen.getLayer());
      if (inner != frozen.getLayer()) {
        FrozenLayer copy = (FrozenLayer) frozen.clone();
        set(copy, FrozenLayer.class, "layer", inner);
        return copy;
      }
    }
    return layer;
  }

  /** {@code layer} as the own class ({@code own}) or DL4J's, copied where it is the other. */
  private static org.deeplearning4j.nn.conf.layers.Layer pick(
      org.deeplearning4j.nn.conf.layers.Layer layer, boolean own,
      Supplier<? extends org.deeplearning4j.nn.conf.layers.Layer> ownClass,
      Supplier<? extends org.deeplearning4j.nn.conf.layers.Layer> dl4jClass) {
    org.deeplearning4j.nn.conf.layers.Layer target = own ? ownClass.get() : dl4jClass.get();
    return target.getClass() == layer.getClass() ? layer : copied(layer, target);
  }

  /**
   * {@code network} with the layers the switches pick ({@link #picked}): a new network on a copy
   * of its configuration, with its parameters and updater state (same layouts), or {@code
   * network} itself where nothing changes. The configuration keeps its iteration and epoch counts
   * and, for a graph, the topological order its parameters were laid out in.
   */
  public static Model adopted(Model network) {
    if (network instanceof MultiLayerNetwork stack) {
      MultiLayerConfiguration conf = stack.getLayerWiseConfigurations().clone();
      if (!adopt(conf.getConfs())) {
        return network;
      }
      MultiLayerNetwork copy = new MultiLayerNetwork(conf);
      copy.init(stack.params().dup(), false);
      INDArray state = state(stack.getUpdater(false));
      if (state != null) {
        copy.setUpdater(new MultiLayerUpdater(copy, state));
      }
      return copy;
    }
    if (network instanceof ComputationGraph graph) {
      ComputationGraphConfiguration conf = graph.getConfiguration().clone();
      if (!adopt(conf.getVertices().values().stream().filter(LayerVertex.class::isInstance)
          .map(v -> ((LayerVertex) v).getLayerConf()).toList())) {
        return network;
      }
      // DL4J's clone of a graph's configuration starts its counts again (a stack's keeps them):
      // Adam's bias correction and the schedules read them. Nor does it keep the stored order,
      // which lays out the flat parameters: a zip of another DL4J version may order ties
      // otherwise than this one would recompute.
      ComputationGraphConfiguration restored = graph.getConfiguration();
      conf.setIterationCount(restored.getIterationCount());
      conf.setEpochCount(restored.getEpochCount());
      conf.setTopologicalOrder(restored.getTopologicalOrder());
      conf.setTopologicalOrderStr(restored.getTopologicalOrderStr());
      ComputationGraph copy = new ComputationGraph(conf);
      copy.init(graph.params().dup(), false);
      INDArray state = state(graph.getUpdater(false));
      if (state != null) {
        copy.setUpdater(new ComputationGraphUpdater(copy, state));
      }
      return copy;
    }
    return network;
  }

  /** A copy of an updater's state; null where there is no updater or it keeps no state. */
  private static INDArray state(org.deeplearning4j.nn.api.Updater updater) {
    INDArray view = updater == null ? null : updater.getStateViewArray();
    return view == null || view.isEmpty() ? null : view.dup();
  }

  /** Puts {@link #picked}'s layer into each of {@code layers}; whether any changed. */
  private static boolean adopt(List<NeuralNetConfiguration> layers) {
    boolean changed = false;
    for (NeuralNetConfiguration conf : layers) {
      org.deeplearning4j.nn.conf.layers.Layer picked = picked(conf.getLayer());
      if (picked != conf.getLayer()) {
        conf.setLayer(picked);
        changed = true;
      }
    }
    return changed;
  }

  /**
   * {@code to}, of a subclass of {@code from}'s class or (an own layer's, which declares no field)
   * of its superclass, given every field of {@code from}'s, DL4J's classes' down to {@code Layer}:
   * DL4J's builders and constructors from builders are not open to a configuration built
   * elsewhere. The fields are shared, not copied: callers pass a configuration nobody else holds
   * (a clone, or one a builder just built).
   */
  static <T extends org.deeplearning4j.nn.conf.layers.Layer> T copied(
      org.deeplearning4j.nn.conf.layers.Layer from, T to) {
    for (Class<?> type = from.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          try {
            field.setAccessible(true);
            field.set(to, field.get(from));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot copy " + field, e);
          }
        }
      }
    }
    return to;
  }

  private static void set(Object target, Class<?> type, String name, Object value) {
    try {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      field.set(target, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set " + type.getName() + "." + name, e);
    }
  }

  /** {@code layer} given its listeners, index, parameter view and parameters, as DL4J wires one. */
  static <L extends Layer> L wired(L layer, NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
      boolean initializeParams, ParamInitializer initializer) {
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    layer.setParamTable(initializer.init(conf, layerParamsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }
}
