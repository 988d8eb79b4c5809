package io.sparktrain.model;

/**
 * A layer that can leave out the gradient with respect to its input while the caller discards it.
 * DL4J's {@code MultiLayerNetwork.computeGradientAndScore} computes the first layer's input
 * gradient and drops it; on the LeNet CNN that product and its folding were 5 % of a step
 * (docs/performance.md).
 */
public interface SkipsInputGradient {

  /**
   * While {@code skip} is set, the backward pass returns an array of the input's shape whose
   * contents are undefined in place of the input gradient.
   */
  void skipInputGradient(boolean skip);
}
