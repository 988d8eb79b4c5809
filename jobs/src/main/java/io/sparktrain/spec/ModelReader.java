package io.sparktrain.spec;

import io.sparktrain.spec.LayerSpec.LayerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the {@code model} section: global defaults, then each layer with the fields its type
 * allows, then the order of the layers. Layers come back {@linkplain LayerSpec#resolved resolved}.
 */
public final class ModelReader {

  static final List<String> MODEL_KEYS = List.of("layers", "weightInit", "l1", "l2", "graph");

  private static final Range AT_LEAST_ONE = Range.atLeast(1);

  private ModelReader() {}

  public static ModelSpec model(SpecNode node) {
    int before = node.problemCount();
    node.checkKeys(MODEL_KEYS);
    LayerSpec.WeightInit init =
        node.get("weightInit").enumValue(LayerSpec.WeightInit.class, ModelSpec.DEFAULT_WEIGHT_INIT);
    double l1 = node.get("l1").number(ModelSpec.DEFAULT_L1, ModelSpec.PENALTY);
    double l2 = node.get("l2").number(ModelSpec.DEFAULT_L2, ModelSpec.PENALTY);
    if (node.has("graph")) {
      node.reject("layers", "give either 'layers' (a stack) or 'graph', not both");
      GraphSpec graph = GraphReader.graph(node.get("graph"), init, l1, l2);
      return SectionReader.unlessReported(node, before, null,
          () -> new ModelSpec(List.of(), init, l1, l2, graph));
    }
    SpecNode layersNode = node.get("layers");
    List<SpecNode> elements = layersNode.require() ? layersNode.elements() : List.of();
    if (layersNode.isList() && elements.isEmpty()) {
      layersNode.problem("must not be empty");
    }
    List<LayerSpec> layers = new ArrayList<>();
    List<LayerType> types = new ArrayList<>();
    for (SpecNode element : elements) {
      LayerSpec layer = layer(element);
      types.add(layer == null ? null : layer.type());
      if (layer != null) {
        layers.add(layer.resolved(init, l1, l2));
      }
    }
    checkOrder(elements, types);
    return SectionReader.unlessReported(node, before, null,
        () -> new ModelSpec(List.copyOf(layers), init, l1, l2));
  }

  /** Reports {@link ModelSpec#orderProblem} at each layer read (an unreadable one is skipped). */
  private static void checkOrder(List<SpecNode> elements, List<LayerType> types) {
    int last = types.size() - 1;
    for (int i = 0; i <= last; i++) {
      String problem = types.get(i) == null ? null : ModelSpec.orderProblem(i, last, types.get(i));
      if (problem != null) {
        elements.get(i).problem(problem);
      }
    }
  }

  private static LayerSpec layer(SpecNode el) {
    return el.isMapping("expected a mapping, found nothing") ? layer(el, List.of()) : null;
  }

  /**
   * A layer read from a mapping that may also carry the {@code others} keys (a graph vertex's
   * name and inputs), which are the caller's to read.
   */
  static LayerSpec layer(SpecNode el, List<String> others) {
    SpecNode typeNode = el.get("type");
    LayerType type = typeNode.require() ? typeNode.enumValue(LayerType.class, null) : null;
    checkLayerKeys(el, type, others);
    if (type == null) {
      return null;
    }
    LayerSpec.Loss loss = choice(el, type, "loss", LayerSpec.Loss.class);
    LayerSpec.Activation activation = choice(el, type, "activation", LayerSpec.Activation.class);
    Double smoothing = lossOption(el, type, loss, "labelSmoothing", Range.UNIT_HALF_OPEN);
    if (smoothing != null && smoothing > 0 && activation != null
        && activation != LayerSpec.Activation.SOFTMAX) {
      // DL4J checks cross-entropy against its activation, but not sparktrain's smoothed one.
      el.get("labelSmoothing").problem("needs activation 'softmax', found '"
          + YamlNames.of(activation) + "'");
    }
    boolean conv = type == LayerType.CONV2D || type == LayerType.CONV1D
        || type == LayerType.DECONV2D || type == LayerType.PATCH_EMBEDDING;
    try {
      return new LayerSpec(type, count(el, type, "units"), count(el, type, "filters"),
          window(el, type, "kernel", conv), window(el, type, "stride", false),
          choice(el, type, "padding", LayerSpec.Padding.class),
          choice(el, type, "pooling", LayerSpec.Pooling.class),
          activation, choice(el, type, "weightInit", LayerSpec.WeightInit.class),
          loss, dropout(el, type),
          penalty(el, type, "l1"), penalty(el, type, "l2"), flag(el, type, "pretrained"),
          flag(el, type, "frozen"),
          smoothing, lossOption(el, type, loss, "delta", Range.POSITIVE),
          option(el, type, "decay"), option(el, type, "epsilon"), option(el, type, "maxNorm"),
          flag(el, type, "weightNorm"), steps(el, type, "gibbsSteps"),
          window(el, type, "size", false), option(el, type, "recurrentDropout"),
          flag(el, type, "bidirectional"), flag(el, type, "returnSequences"),
          lossOption(el, type, loss, "margin", Range.POSITIVE),
          lossOption(el, type, loss, "lambda", Range.NON_NEGATIVE));
    } catch (SpecException e) {
      el.problems(e);
      return null;
    }
  }

  /** A whole number the record checks itself (gibbsSteps); null when absent. */
  private static Integer steps(SpecNode el, LayerType type, String key) {
    SpecNode node = el.get(key);
    return type.allows(key) && node.isPresent() ? node.integer(1, Range.ANY) : null;
  }

  /** A number the record checks itself (decay, epsilon, maxNorm); null when absent. */
  private static Double option(SpecNode el, LayerType type, String key) {
    SpecNode node = el.get(key);
    return type.allows(key) && node.isPresent() ? node.number(0, Range.ANY) : null;
  }

  /**
   * An option of the output layer's loss (labelSmoothing, delta): only where the loss (default
   * mcxent) reads it.
   */
  private static Double lossOption(SpecNode el, LayerType type, LayerSpec.Loss loss, String key,
      Range range) {
    SpecNode node = el.get(key);
    if (!type.allows(key) || !node.isPresent()) {
      return null;
    }
    LayerSpec.Loss effective = loss != null ? loss : LayerSpec.DEFAULT_LOSS;
    if (!effective.allows(key)) {
      List<String> losses = Arrays.stream(LayerSpec.Loss.values()).filter(l -> l.allows(key))
          .map(YamlNames::of).toList();
      node.problem("only allowed with loss " + String.join(" or ", losses) + ", found loss '"
          + YamlNames.of(effective) + "'");
      return null;
    }
    return node.number(0, range);
  }

  private static Boolean flag(SpecNode el, LayerType type, String key) {
    SpecNode node = el.get(key);
    return type.allows(key) && node.isPresent() ? node.bool(false) : null;
  }

  private static void checkLayerKeys(SpecNode el, LayerType type, List<String> others) {
    List<String> expected = new ArrayList<>(others);
    expected.add("type");
    expected.addAll(type == null ? LayerSpec.FIELDS : type.fields());
    for (String key : el.keys()) {
      if (key.equals("type") || others.contains(key)) {
        continue;
      }
      if (!LayerSpec.FIELDS.contains(key)) {
        el.get(key).problem("unknown key (expected one of: " + String.join(", ", expected) + ")");
      } else if (type != null && !type.allows(key)) {
        el.get(key).problem("not allowed for a '" + YamlNames.of(type) + "' layer");
      }
    }
  }

  /** units and filters: required wherever they apply, but an embedding's units. */
  private static Integer count(SpecNode el, LayerType type, String key) {
    SpecNode node = el.get(key);
    boolean optional = type == LayerType.EMBEDDING;
    if (!type.allows(key) || (optional ? !node.isPresent() : !node.require())) {
      return null;
    }
    return node.integer(1, AT_LEAST_ONE);
  }

  /** kernel, stride and size: [height, width], both positive; [width] for conv1d. */
  private static List<Integer> window(SpecNode el, LayerType type, String key, boolean required) {
    SpecNode node = el.get(key);
    if (!type.allows(key) || (required ? !node.require() : !node.isPresent())) {
      return null;
    }
    List<SpecNode> items = node.isList() ? node.elements() : List.of();
    List<Integer> values = new ArrayList<>();
    for (SpecNode item : items) {
      if (item.found().matches("[1-9][0-9]{0,8}")) {
        values.add(Integer.valueOf(item.found()));
      }
    }
    int size = type == LayerType.CONV1D ? 1 : 2;
    if (items.size() != size || values.size() != size) {
      node.problem(size == 1 ? "must be a list of 1 positive integer [width], found " + node.found()
          : "must be a list of 2 positive integers [height, width], found " + node.found());
      return null;
    }
    return List.copyOf(values);
  }

  private static <E extends Enum<E>> E choice(SpecNode el, LayerType type, String key,
      Class<E> enumType) {
    return type.allows(key) ? el.get(key).enumValue(enumType, null) : null;
  }

  private static Double dropout(SpecNode el, LayerType type) {
    SpecNode node = el.get("dropout");
    // On a recurrent layer dropout is an option on its inputs; a dropout layer is nothing without.
    if (!type.allows("dropout") || (type.recurrent() ? !node.isPresent() : !node.require())) {
      return null;
    }
    return node.number(0, Range.UNIT_HALF_OPEN);
  }

  private static Double penalty(SpecNode el, LayerType type, String key) {
    SpecNode node = el.get(key);
    if (!type.allows(key) || !node.isPresent()) {
      return null;
    }
    return node.number(0, Range.NON_NEGATIVE);
  }
}
