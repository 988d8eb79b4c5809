package io.sparktrain.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link OneInputVertex} runs: no layer, no parameters, its input's mask passed on;
 * subclasses give the forward and backward passes.
 */
public abstract class RunningOneInputVertex extends BaseGraphVertex {

  protected RunningOneInputVertex(ComputationGraph graph, String name, int index,
      DataType dataType) {
    super(graph, name, index, null, null, dataType);
  }

  @Override
  public boolean hasLayer() {
    return false;
  }

  @Override
  public Layer getLayer() {
    return null;
  }

  @Override
  public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
    if (backpropGradientsViewArray != null) {
      throw new IllegalStateException(this + " has no parameters");
    }
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays,
      MaskState currentMaskState, int minibatchSize) {
    return new Pair<>(maskArrays == null ? null : maskArrays[0], currentMaskState);
  }
}
