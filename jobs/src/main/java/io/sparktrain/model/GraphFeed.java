package io.sparktrain.model;

import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a spec's graph reads an example's features: the same array at each of its inputs. A spec
 * input either receives the whole feature vector or selects columns of it, which the graph does
 * itself from its one input ({@link ColumnInputs}); so training, evaluation, prediction, feature
 * extraction and transfer all feed a graph this way, and a graph of several whole-vector inputs
 * is scored as it was trained.
 */
public final class GraphFeed {

  private GraphFeed() {}

  /** {@code features} once per input of {@code graph}, in the graph's input order. */
  public static INDArray[] inputs(ComputationGraph graph, INDArray features) {
    INDArray[] inputs = new INDArray[graph.getNumInputArrays()];
    Arrays.fill(inputs, features);
    return inputs;
  }
}
