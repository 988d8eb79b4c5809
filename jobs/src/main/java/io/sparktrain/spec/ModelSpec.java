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
 * @param graph the network as a graph of named vertices instead of a stack; null for a stack
 *     (then {@code layers} holds it), else {@code layers} is empty
 */
public record ModelSpec(List<LayerSpec> layers, LayerSpec.WeightInit weightInit, double l1,
    double l2, GraphSpec graph) {

  public static final LayerSpec.WeightInit DEFAULT_WEIGHT_INIT = LayerSpec.WeightInit.XAVIER;
  public static final double DEFAULT_L1 = 0.0;
  public static final double DEFAULT_L2 = 0.0;
  /** l1 and l2, each. */
  public static final Range PENALTY = Range.NON_NEGATIVE;

  /**
   * Checks the penalties and the order of the layers. No layers at all is allowed: a pipeline
   * stage without layers of its own carries such a model.
   *
   * @throws SpecException naming every problem, relative to {@code model}
   */
  public ModelSpec {
    Checks checks = new Checks().required("layers", layers).required("weightInit", weightInit)
        .in(PENALTY, "l1", l1).in(PENALTY, "l2", l2);
    int last = layers == null ? -1 : layers.size() - 1;
    for (int i = 0; i <= last; i++) {
      LayerSpec layer = layers.get(i);
      String problem = layer == null ? "missing layer" : orderProblem(i, last, layer.type());
      problem = problem != null ? problem : SequenceOrder.problem(layers, i);
      checks.check(problem == null, "layers[" + i + "]", String.valueOf(problem));
    }
    checks.check(graph == null || last < 0, "layers",
        "give either 'layers' (a stack) or 'graph', not both");
    checks.throwIfAny("model");
  }

  /** A stack of layers. */
  public ModelSpec(List<LayerSpec> layers, LayerSpec.WeightInit weightInit, double l1, double l2) {
    this(layers, weightInit, l1, l2, null);
  }

  /** Whether the network is a graph ({@link #graph}) rather than a stack. */
  public boolean isGraph() {
    return graph != null;
  }

  /**
   * Why a layer of {@code type} cannot stand at {@code index} of a network whose last layer is at
   * {@code last}, or null when it can: the output layer ends the network and only there (it is
   * what the loss is computed on; a weightless 'loss' layer, or an rbm trained on its own input,
   * may end it instead), and an embedding reads word ids so it comes first.
   */
  public static String orderProblem(int index, int last, LayerSpec.LayerType type) {
    if (index == last && type != LayerSpec.LayerType.OUTPUT && type != LayerSpec.LayerType.RBM
        && type != LayerSpec.LayerType.LOSS) {
      return "the last layer must be of type 'output'";
    } else if (index < last && type == LayerSpec.LayerType.OUTPUT) {
      return "an 'output' layer must be the last layer";
    } else if (index < last && type == LayerSpec.LayerType.LOSS) {
      return "a 'loss' layer must be the last layer";
    } else if (index > 0 && type == LayerSpec.LayerType.EMBEDDING) {
      return "an 'embedding' layer must be the first layer: it reads word ids";
    }
    return null;
  }

  /** These layers with the default initialisation and no weight penalties. */
  public static ModelSpec of(List<LayerSpec> layers) {
    return new ModelSpec(layers, DEFAULT_WEIGHT_INIT, DEFAULT_L1, DEFAULT_L2);
  }
}
