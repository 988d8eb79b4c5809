package io.sparktrain.model;

import io.sparktrain.spec.GraphInput;
import io.sparktrain.spec.GraphSpec;
import io.sparktrain.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * The inputs of a graph that read subsets of the feature columns ({@code model.graph.inputs[i]
 * .columns}). The DL4J graph then has one input, {@link #FEATURES}, the whole feature vector, and
 * each spec input is a {@link ColumnsVertex} of that name selecting its columns. So the slicing is
 * part of the network: every caller that feeds the features (the engines' replicas, evaluation,
 * prediction, feature extraction, transfer) feeds them unchanged, and a saved model carries its
 * column selection.
 */
final class ColumnInputs {

  /**
   * The DL4J graph's only input when some spec input selects columns; the leading '/' keeps it
   * apart from the names specs use.
   */
  static final String FEATURES = "/features";

  private ColumnInputs() {}

  /**
   * Checks that the data has flat features wide enough for every input's columns.
   *
   * @throws SpecException naming {@code model.graph.inputs[i].columns}
   */
  static void check(GraphSpec graph, InputShape data) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < graph.inputs().size(); i++) {
      GraphInput in = graph.inputs().get(i);
      if (!in.selects()) {
        continue;
      }
      String at = "model.graph.inputs[" + i + "].columns: ";
      if (data.image() || data.sequence() || data.words() != null) {
        problems.add(at + "columns select from a flat feature vector; the data gives "
            + (data.image() ? "images (" + data.channels() + "x" + data.height() + "x"
                + data.width() + ")" : data.sequence() ? "sequences" : "word ids of text"));
        continue;
      }
      List<Integer> outside = in.columns().stream().filter(c -> c >= data.width()).toList();
      if (!outside.isEmpty()) {
        problems.add(at + "column " + outside.get(0) + (outside.size() > 1
            ? " and " + (outside.size() - 1) + " more are" : " is") + " out of range: the data "
            + "has " + data.width() + " features (columns 0-" + (data.width() - 1) + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new SpecException("model", problems);
    }
  }

  /** What the input gives each example: its columns as a flat vector, or the whole data. */
  static InputType shape(GraphInput in, InputType data) {
    return in.selects() ? InputType.feedForward(in.columns().size()) : data;
  }

  /**
   * Adds the one network input and a {@link ColumnsVertex} per spec input; an input without
   * columns selects every feature.
   *
   * @param width the data's features per example
   */
  static void add(GraphBuilder builder, GraphSpec graph, int width) {
    builder.addInputs(FEATURES);
    for (GraphInput in : graph.inputs()) {
      int[] columns = in.selects() ? in.columns().stream().mapToInt(Integer::intValue).toArray()
          : java.util.stream.IntStream.range(0, width).toArray();
      builder.addVertex(in.name(), new ColumnsVertex(width, columns), FEATURES);
    }
  }
}
