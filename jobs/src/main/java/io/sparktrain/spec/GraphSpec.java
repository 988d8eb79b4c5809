package io.sparktrain.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network as a directed acyclic graph of named vertices ({@code model.graph}): the form for
 * skip connections, merges, shared weights and several outputs. The stack form
 * ({@code model.layers}) stays the simple case.
 *
 * @param inputs the network's inputs; default one, {@code input}: the data's features. An input
 *     may receive a subset of the feature columns ({@link GraphInput#columns})
 * @param nodes the vertices, in any order that the inputs allow (no cycles)
 * @param outputs the output layers by name, each trained on the labels with its own loss times its
 *     {@code lossWeight}; every output layer must be listed
 */
public record GraphSpec(List<GraphInput> inputs, List<GraphNode> nodes, List<String> outputs) {

  public static final List<GraphInput> DEFAULT_INPUTS = List.of(GraphInput.whole("input"));

  /**
   * Checks the references between vertices: unique names, known inputs, no cycle, shared
   * references to a layer, outputs that are output layers.
   *
   * @throws SpecException naming every problem, relative to {@code model.graph}
   */
  public GraphSpec {
    Checks checks = new Checks().required("layers", nodes).required("outputs", outputs);
    if (inputs != null) {
      checkInputNames(inputs, checks);
    }
    if (nodes != null && inputs != null) {
      List<String> names = inputs.stream().map(GraphInput::name).toList();
      Map<String, GraphNode> byName = checkNames(names, nodes, checks);
      checkReferences(names, nodes, byName, checks);
      if (outputs != null) {
        checkOutputs(nodes, outputs, byName, checks);
      }
      String cycle = cycle(nodes, byName);
      checks.check(cycle == null, "layers", "the inputs form a cycle: " + cycle);
    }
    checks.check(inputs != null && !inputs.isEmpty(), "inputs", "must not be empty");
    checks.throwIfAny("graph");
  }

  private static void checkInputNames(List<GraphInput> inputs, Checks checks) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      checks.check(seen.add(inputs.get(i).name()), "inputs[" + i + "]",
          "'" + inputs.get(i).name() + "' is already the name of another input");
    }
  }

  private static Map<String, GraphNode> checkNames(List<String> inputs, List<GraphNode> nodes,
      Checks checks) {
    Map<String, GraphNode> byName = new LinkedHashMap<>();
    Set<String> inputNames = new HashSet<>(inputs);
    for (int i = 0; i < nodes.size(); i++) {
      String name = nodes.get(i).name();
      checks.check(!byName.containsKey(name) && !inputNames.contains(name),
          "layers[" + i + "].name", "'" + name + "' is already the name of "
              + (inputNames.contains(name) ? "an input" : "another layer"));
      byName.putIfAbsent(name, nodes.get(i));
    }
    return byName;
  }

  private static void checkReferences(List<String> inputs, List<GraphNode> nodes,
      Map<String, GraphNode> byName, Checks checks) {
    for (int i = 0; i < nodes.size(); i++) {
      GraphNode node = nodes.get(i);
      for (int j = 0; j < node.inputs().size(); j++) {
        String in = node.inputs().get(j);
        checks.check(byName.containsKey(in) || inputs.contains(in),
            "layers[" + i + "].inputs[" + j + "]", "unknown input '" + in + "' (expected an input ("
                + String.join(", ", inputs) + ") or a layer's name)");
      }
      if (node.shares() != null) {
        GraphNode target = byName.get(node.shares());
        checks.check(target != null && target.layer() != null && !target.isOutput(),
            "layers[" + i + "].shares", "must name a layer (not a merge, a reference or an "
                + "output layer), found '" + node.shares() + "'");
      }
    }
  }

  private static void checkOutputs(List<GraphNode> nodes, List<String> outputs,
      Map<String, GraphNode> byName, Checks checks) {
    checks.check(!outputs.isEmpty(), "outputs", "must not be empty");
    for (int j = 0; j < outputs.size(); j++) {
      GraphNode node = byName.get(outputs.get(j));
      checks.check(node != null && node.isOutput(), "outputs[" + j + "]",
          "must name a layer of type 'output', found '" + outputs.get(j) + "'");
    }
    for (int i = 0; i < nodes.size(); i++) {
      checks.check(!nodes.get(i).isOutput() || outputs.contains(nodes.get(i).name()),
          "layers[" + i + "]", "output layer '" + nodes.get(i).name() + "' is missing from "
              + "'outputs'");
    }
  }

  /** A cycle among the vertices as {@code a -> b -> a}, or null when there is none. */
  private static String cycle(List<GraphNode> nodes, Map<String, GraphNode> byName) {
    Map<String, Integer> state = new HashMap<>();
    for (GraphNode node : nodes) {
      List<String> path = new ArrayList<>();
      if (visit(node.name(), byName, state, path)) {
        return String.join(" -> ", path);
      }
    }
    return null;
  }

  /** Depth-first: 1 on the current path, 2 done; a vertex reached again on the path closes it. */
  private static boolean visit(String name, Map<String, GraphNode> byName,
      Map<String, Integer> state, List<String> path) {
    GraphNode node = byName.get(name);
    Integer seen = state.get(name);
    if (node == null || Integer.valueOf(2).equals(seen)) {
      return false;
    }
    if (Integer.valueOf(1).equals(seen)) {
      path.subList(0, path.indexOf(name)).clear();
      path.add(name);
      return true;
    }
    state.put(name, 1);
    path.add(name);
    for (String in : dependencies(node, byName)) {
      if (visit(in, byName, state, path)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    state.put(name, 2);
    return false;
  }

  /**
   * What a vertex needs computed first: its inputs; a shared layer runs once over its own and its
   * sharers' inputs together, so it needs theirs too, and a sharer needs that layer.
   */
  private static List<String> dependencies(GraphNode node, Map<String, GraphNode> byName) {
    List<String> all = new ArrayList<>(node.inputs());
    if (node.shares() != null) {
      all.add(node.shares());
    }
    for (GraphNode other : byName.values()) {
      if (node.name().equals(other.shares())) {
        all.addAll(other.inputs());
      }
    }
    return all;
  }

  /**
   * The vertices in an order that computes every vertex after what it needs: its inputs, and for
   * a shared reference, the layer it shares (which runs over the reference's input as well).
   */
  public List<GraphNode> order() {
    Map<String, GraphNode> byName = new LinkedHashMap<>();
    nodes.forEach(n -> byName.put(n.name(), n));
    Map<String, Integer> state = new HashMap<>();
    List<GraphNode> ordered = new ArrayList<>();
    for (GraphNode node : nodes) {
      postOrder(node.name(), byName, state, ordered);
    }
    return ordered;
  }

  private static void postOrder(String name, Map<String, GraphNode> byName,
      Map<String, Integer> state, List<GraphNode> ordered) {
    GraphNode node = byName.get(name);
    if (node == null || state.containsKey(name)) {
      return;
    }
    state.put(name, 1);
    for (String in : dependencies(node, byName)) {
      postOrder(in, byName, state, ordered);
    }
    ordered.add(node);
  }

  /** The inputs' names, in order. */
  public List<String> inputNames() {
    return inputs.stream().map(GraphInput::name).toList();
  }

  /** Whether some input receives a subset of the feature columns rather than all of them. */
  public boolean selectsColumns() {
    return inputs.stream().anyMatch(GraphInput::selects);
  }

  /** The vertex called {@code name}, or null. */
  public GraphNode node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
  }

  /** The names of the vertices that apply {@code layer}'s weights besides it, in order. */
  public List<String> sharersOf(String layer) {
    return nodes.stream().filter(n -> layer.equals(n.shares())).map(GraphNode::name).toList();
  }
}
