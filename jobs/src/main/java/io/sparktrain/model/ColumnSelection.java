package io.sparktrain.model;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.GraphInput;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The running {@link ColumnsVertex}. It copies runs of consecutive columns, not one column at a
 * time: a range of 784 pixels is one copy.
 */
final class ColumnSelection extends RunningOneInputVertex {

  private final long width;
  private final int outputs;
  /** Runs of consecutive input columns, each copied as one block, in output order. */
  private final List<GraphInput.Run> runs;

  ColumnSelection(ComputationGraph graph, String name, int index, DataType dataType, long width,
      int[] columns) {
    super(graph, name, index, dataType);
    this.width = width;
    this.outputs = columns.length;
    this.runs = GraphInput.runs(columns);
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    INDArray in = inputs[0];
    if (in.rank() != 2 || in.size(1) != width) {
      throw new DataException("graph input '" + vertexName + "': selects columns of feature "
          + "vectors of width " + width + ", found shape " + Arrays.toString(in.shape()));
    }
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(),
        in.size(0), outputs);
    long at = 0;
    for (GraphInput.Run run : runs) {
      out.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + run.width()))
          .assign(in.get(NDArrayIndex.all(), NDArrayIndex.interval(run.from(), run.to() + 1)));
      at += run.width();
    }
    return out;
  }

  /** The gradient goes back to the columns read; the others get zero. */
  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    INDArray back = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, epsilon.dataType(),
        epsilon.size(0), width);
    long at = 0;
    for (GraphInput.Run run : runs) {
      back.get(NDArrayIndex.all(), NDArrayIndex.interval(run.from(), run.to() + 1))
          .addi(epsilon.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + run.width())));
      at += run.width();
    }
    return new Pair<>(null, new INDArray[] {back});
  }

  @Override
  public String toString() {
    return "ColumnSelection(" + vertexName + ", " + outputs + " of " + width + " columns)";
  }
}
