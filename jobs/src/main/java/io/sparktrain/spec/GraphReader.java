package io.sparktrain.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code model.graph}: the inputs ({@link GraphInputReader}), each vertex (a layer with the
 * fields its type allows, a merge, or a {@code shares} reference) with its name and inputs, and
 * the outputs; then the references between vertices ({@link GraphSpec}). Layers come back
 * resolved against the model's defaults.
 */
final class GraphReader {

  static final List<String> GRAPH_KEYS = List.of("inputs", "layers", "outputs");
  /** A vertex's keys besides its layer's. */
  static final List<String> VERTEX_KEYS = List.of("name", "inputs", "shares", "lossWeight");

  private GraphReader() {}

  static GraphSpec graph(SpecNode node, LayerSpec.WeightInit init, double l1, double l2) {
    int before = node.problemCount();
    if (!node.isMapping(null)) {
      return null;
    }
    node.checkKeys(GRAPH_KEYS);
    List<GraphInput> inputs = node.has("inputs") ? GraphInputReader.inputs(node.get("inputs"))
        : GraphSpec.DEFAULT_INPUTS;
    SpecNode layersNode = node.get("layers");
    List<SpecNode> elements = layersNode.require() ? layersNode.elements() : List.of();
    if (layersNode.isList() && elements.isEmpty()) {
      layersNode.problem("must not be empty");
    }
    List<GraphNode> vertices = new ArrayList<>();
    for (SpecNode element : elements) {
      GraphNode vertex = vertex(element, init, l1, l2);
      if (vertex != null) {
        vertices.add(vertex);
      }
    }
    SpecNode outputsNode = node.get("outputs");
    List<String> outputs = outputsNode.require() ? names(outputsNode) : null;
    if (node.problemCount() > before) {
      return null;
    }
    return SectionReader.unlessReported(node, before, null,
        () -> new GraphSpec(inputs, List.copyOf(vertices), outputs));
  }

  private static GraphNode vertex(SpecNode el, LayerSpec.WeightInit init, double l1, double l2) {
    if (!el.isMapping("expected a mapping, found nothing")) {
      return null;
    }
    int before = el.problemCount();
    SpecNode nameNode = el.get("name");
    String name = nameNode.require() ? nameNode.text(null) : null;
    SpecNode inputsNode = el.get("inputs");
    List<String> inputs = inputsNode.require() ? names(inputsNode) : null;
    Double lossWeight = el.has("lossWeight") ? el.get("lossWeight").number(1, Range.POSITIVE)
        : null;
    LayerSpec layer = null;
    GraphNode.Merge merge = null;
    String shares = null;
    if (el.has("shares")) {
      shares = el.get("shares").text(null);
      for (String key : el.keys()) {
        if (!List.of("name", "inputs", "shares").contains(key)) {
          el.get(key).problem("not allowed beside 'shares': the shared layer defines it");
        }
      }
    } else {
      merge = mergeKind(el.get("type"));
      if (merge != null) {
        el.checkKeys(List.of("name", "type", "inputs"));
      } else {
        layer = ModelReader.layer(el, VERTEX_KEYS);
      }
    }
    if (el.problemCount() > before) {
      return null;
    }
    LayerSpec resolved = layer == null ? null : layer.resolved(init, l1, l2);
    GraphNode.Merge kind = merge;
    String target = shares;
    return SectionReader.unlessReported(el, before, null,
        () -> new GraphNode(name, inputs, resolved, kind, target, lossWeight));
  }

  /** The merge a {@code type} names, or null when it names a layer type (or nothing). */
  private static GraphNode.Merge mergeKind(SpecNode type) {
    String text = type.isPresent() ? type.found() : "";
    for (GraphNode.Merge merge : GraphNode.Merge.values()) {
      if (text.equals("'" + YamlNames.of(merge) + "'")) {
        return merge;
      }
    }
    return null;
  }

  /** A non-empty list of names. */
  private static List<String> names(SpecNode node) {
    List<SpecNode> items = node.isList() ? node.elements() : List.of();
    List<String> names = new ArrayList<>();
    for (SpecNode item : items) {
      String name = item.text(null);
      if (name != null) {
        names.add(name);
      }
    }
    if (items.isEmpty() || names.size() != items.size()) {
      node.problem("must be a non-empty list of names, found " + node.found());
      return null;
    }
    return List.copyOf(names);
  }
}
