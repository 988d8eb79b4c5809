package io.sparktrain.model;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A graph input that reads some columns of the feature vector ({@code model.graph.inputs[i]
 * .columns}): from flat features of {@code width} values it outputs the listed columns, in the
 * order listed. It keeps the whole vector's width, so a saved graph tells what it reads
 * ({@code ml.ClassifierWidths}) and a vector of another width is refused rather than sliced.
 * DL4J's {@code SubsetVertex} selects one contiguous range and keeps no width, so a list needed
 * several of them, a merge, and the width recorded elsewhere. No parameters.
 */
public final class ColumnsVertex extends OneInputVertex {

  @JsonProperty
  private long width;
  @JsonProperty
  private int[] columns;

  /** For DL4J's JSON deserialization only. */
  private ColumnsVertex() {}

  /**
   * @param width the features per example of the vector read
   * @param columns zero-based, each below {@code width}, in the order output
   */
  ColumnsVertex(long width, int[] columns) {
    this.width = width;
    this.columns = columns.clone();
  }

  /** The features per example of the whole vector this vertex reads. */
  public long width() {
    return width;
  }

  @Override
  public ColumnsVertex clone() {
    return new ColumnsVertex(width, columns);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ColumnsVertex c && c.width == width
        && Arrays.equals(c.columns, columns);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(width) + Arrays.hashCode(columns);
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph,
      String name, int idx, INDArray paramsView, boolean initializeParams, DataType dataType) {
    return new ColumnSelection(graph, name, idx, dataType, width, columns);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs)
      throws InvalidInputTypeException {
    InputType in = vertexInputs[0];
    if (in.getType() != InputType.Type.FF || in.arrayElementsPerExample() != width) {
      throw new InvalidInputTypeException("columns: need flat features of width " + width
          + ", found " + in);
    }
    return InputType.feedForward(columns.length);
  }
}
