package io.sparktrain.spec;

import java.util.List;

/**
 * One vertex of a {@link GraphSpec}: a layer, a merge of several inputs, or a second application
 * of another layer's weights. Exactly one of {@code layer}, {@code merge} and {@code shares} is
 * set.
 *
 * @param name unique in the graph; other vertices and {@code outputs} refer to it
 * @param inputs the vertices or network inputs it reads, in order: one for a layer or a shared
 *     reference, two or more for a merge (exactly two for subtract)
 * @param layer the layer, resolved against the model's defaults; null for a merge or reference
 * @param merge how several inputs become one; null for a layer or reference
 * @param shares the name of the layer whose weights this vertex applies to its own input; the
 *     two inputs must have the same shape
 * @param lossWeight output layers only: the weight of this output's loss in the sum the network
 *     minimises, &gt; 0; default 1
 */
public record GraphNode(String name, List<String> inputs, LayerSpec layer, Merge merge,
    String shares, Double lossWeight) {

  public static final double DEFAULT_LOSS_WEIGHT = 1.0;

  /** Checks the rules of one vertex; references between vertices are {@link GraphSpec}'s. */
  public GraphNode {
    int kinds = (layer != null ? 1 : 0) + (merge != null ? 1 : 0) + (shares != null ? 1 : 0);
    int given = inputs == null ? 0 : inputs.size();
    boolean output = layer != null && layer.type() == LayerSpec.LayerType.OUTPUT;
    new Checks()
        .check(name != null && !name.isBlank(), "name", "missing required key")
        .check(inputs != null && !inputs.isEmpty(), "inputs", "missing required key")
        .check(kinds == 1, "type", kinds == 0 ? "missing required key (or 'shares': a layer)"
            : "give either 'type' or 'shares' (a layer whose weights to reuse), not both")
        .check(merge == null || !merge.single() || given <= 1, "inputs",
            "a '" + (merge == null ? "" : YamlNames.of(merge)) + "' vertex reads one input, found "
                + given)
        .check(merge == null || merge.single() || given == 0 || given >= 2, "inputs",
            "a '" + (merge == null ? "" : YamlNames.of(merge)) + "' merge needs at least 2 inputs, "
                + "found " + given)
        .check(merge != Merge.SUBTRACT || given == 0 || given == 2, "inputs",
            "a 'subtract' merge needs exactly 2 inputs, found " + given)
        .check(merge != null || given <= 1, "inputs",
            "a layer reads one input, found " + given + " (merge them first: add, concatenate, "
                + "multiply or subtract)")
        .check(lossWeight == null || output, "lossWeight", "only allowed on an 'output' layer")
        .check(lossWeight == null || lossWeight > 0, "lossWeight", "must be > 0, found "
            + lossWeight)
        .check(layer == null || layer.type() != LayerSpec.LayerType.EMBEDDING, "type",
            "an 'embedding' layer is not supported in a graph")
        .throwIfAny("vertex");
  }

  /**
   * Whether this vertex is an output layer, trained against the labels with its own loss: an
   * {@code output} layer, or a {@code loss} layer (no weights: a loss on the vertex below).
   */
  public boolean isOutput() {
    return layer != null && (layer.type() == LayerSpec.LayerType.OUTPUT
        || layer.type() == LayerSpec.LayerType.LOSS);
  }

  /** This vertex's loss weight, the default when unset. */
  public double resolvedLossWeight() {
    return lossWeight == null ? DEFAULT_LOSS_WEIGHT : lossWeight;
  }

  /**
   * Vertices without weights. Merges of several inputs: elementwise sum (a residual connection,
   * He et al. 2016), concatenation along the features or channels (a dense block, Huang et al.
   * 2017), elementwise product (a gate) and difference (first minus second). Of one flat input:
   * its first or second half (the two images of a pair source's {@code [first | second]}), and
   * the VAE's reparameterised sample {@code z = mean + exp(logVariance / 2) * eps} of an input
   * {@code [mean | logVariance]} (Kingma and Welling 2014; the mean outside training).
   */
  public enum Merge {
    ADD, CONCATENATE, MULTIPLY, SUBTRACT, FIRST_HALF, SECOND_HALF, SAMPLING;

    /** Whether the vertex reads exactly one input. */
    public boolean single() {
      return this == FIRST_HALF || this == SECOND_HALF || this == SAMPLING;
    }
  }
}
