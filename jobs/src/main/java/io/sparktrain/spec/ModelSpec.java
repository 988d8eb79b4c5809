package io.sparktrain.spec;

import java.util.List;

/**
 * A sequential network: its layers in order, with global defaults layers may override. The input
 * shape comes from the data set.
 *
 * @param layers the layers, the last of type {@code output}
 * @param weightInit default initialisation; default {@link LayerSpec.WeightInit#XAVIER}
 * @param l1 default L1 penalty on weights; default 0
 * @param l2 default L2 penalty on weights; default 0
 */
public record ModelSpec(List<LayerSpec> layers, LayerSpec.WeightInit weightInit, double l1, double l2) {

  public static final LayerSpec.WeightInit DEFAULT_WEIGHT_INIT = LayerSpec.WeightInit.XAVIER;
  public static final double DEFAULT_L1 = 0.0;
  public static final double DEFAULT_L2 = 0.0;

  /** These layers with the default initialisation and no weight penalties. */
  public static ModelSpec of(List<LayerSpec> layers) {
    return new ModelSpec(layers, DEFAULT_WEIGHT_INIT, DEFAULT_L1, DEFAULT_L2);
  }
}
