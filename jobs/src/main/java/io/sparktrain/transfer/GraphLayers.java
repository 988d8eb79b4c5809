package io.sparktrain.transfer;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

/**
 * A graph's layer vertices numbered as a stack's layers are: in the graph's topological order,
 * which is also the order of their parameters. The stages' layer indices ({@code keep},
 * {@code unfreeze}, {@code learningRates[].layers}, extract-features' {@code layer}) count in it;
 * merge vertices (add, concatenate, ...) have no parameters and no number, but a graph's names
 * reach them too.
 */
final class GraphLayers {

  private GraphLayers() {}

  /** The layer vertices' names, in topological order. */
  static List<String> names(ComputationGraph graph) {
    GraphVertex[] vertices = graph.getVertices();
    List<String> names = new ArrayList<>();
    for (int i : graph.topologicalSortOrder()) {
      if (vertices[i].hasLayer()) {
        names.add(vertices[i].getVertexName());
      }
    }
    return names;
  }
}
