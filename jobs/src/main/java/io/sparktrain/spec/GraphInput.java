package io.sparktrain.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One input of a graph ({@code model.graph.inputs[i]}): the name its vertices read, and which of
 * the data's feature columns it receives. Several inputs reading different feature groups make a
 * multi-input network over one feature vector (wide and deep, one branch per group of
 * measurements), as a Keras functional model fed from several column groups.
 *
 * @param name the name vertices list in their {@code inputs}
 * @param columns zero-based indices into the feature vector as the data source gives it (after
 *     the label is removed), in the order the input receives them; not empty, no index twice,
 *     each at most {@link #MAX_COLUMN}. Inputs may share columns. Null: every feature, in order
 */
public record GraphInput(String name, List<Integer> columns) {

  /**
   * The highest column index accepted (2^20 - 1): far above any registered source's width (1,568
   * for a pair of MNIST images), low enough that a range {@code 0-N} cannot exhaust memory.
   */
  public static final int MAX_COLUMN = (1 << 20) - 1;

  /** Checks the name and the columns; their fit to the data's width is the network's check. */
  public GraphInput {
    Checks checks = new Checks()
        .check(name != null && !name.isBlank(), "name", "missing required key");
    if (columns != null) {
      checks.check(!columns.isEmpty(), "columns", "must not be empty");
      Set<Integer> seen = new HashSet<>();
      Integer twice = null;
      Integer outside = null;
      for (Integer column : columns) {
        if (column == null || column < 0 || column > MAX_COLUMN) {
          outside = outside == null ? column : outside;
        } else if (!seen.add(column) && twice == null) {
          twice = column;
        }
      }
      checks.check(outside == null, "columns", "column indices must be in [0, " + MAX_COLUMN
          + "], found " + outside);
      checks.check(twice == null, "columns", "column " + twice + " is listed twice");
      columns = List.copyOf(columns);
    }
    checks.throwIfAny("input");
  }

  /** An input that receives every feature. */
  public static GraphInput whole(String name) {
    return new GraphInput(name, null);
  }

  /** Whether this input receives a subset of the features ({@code columns}) rather than all. */
  public boolean selects() {
    return columns != null;
  }

  /**
   * A run of consecutive columns, {@code from} to {@code to}, both included.
   *
   * @param from the first column
   * @param to the last column, &gt;= {@code from}
   */
  public record Run(int from, int to) {

    public int width() {
      return to - from + 1;
    }
  }

  /**
   * The columns as the fewest runs of consecutive ascending indices, in the order given: {@code
   * [0, 1, 2, 7, 5, 6]} is {@code 0-2}, {@code 7}, {@code 5-6}. Empty when every feature is read.
   */
  public List<Run> runs() {
    return columns == null ? List.of() : runs(columns.stream().mapToInt(Integer::intValue)
        .toArray());
  }

  /** {@link #runs()} of any non-empty list of columns. */
  public static List<Run> runs(int[] columns) {
    List<Run> runs = new ArrayList<>();
    int start = 0;
    for (int k = 1; k <= columns.length; k++) {
      if (k == columns.length || columns[k] != columns[k - 1] + 1) {
        runs.add(new Run(columns[start], columns[k - 1]));
        start = k;
      }
    }
    return runs;
  }
}
