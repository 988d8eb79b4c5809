package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.DataSpec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the target columns of a CSV line when the target is not one class
 * ({@code data.target: soft | multi-label | regression}), checking each value against its kind:
 * a soft row must be probabilities summing to 1, a multi-label value 0 or 1, a regression value
 * a finite number. Runs on the executors; every failure names the file, line and column.
 */
final class TargetColumns implements Serializable {

  private static final long serialVersionUID = 1L;
  /** How far a soft row's sum may stray from 1: CSV files written with 6 decimals round. */
  static final double SOFT_SUM_TOLERANCE = 1e-3;

  private final DataSpec.Target kind;
  private final int[] columns;

  /**
   * @param columns the target columns as the spec lists them (negative from the end), or null
   *     for {@code labelColumn} alone
   * @param width the number of columns of every line
   * @throws DataException naming the file if a column lies outside the line
   */
  TargetColumns(String file, DataSpec.Target kind, List<Integer> columns, int labelColumn,
      int width) {
    this.kind = kind;
    List<Integer> given = columns == null ? List.of(labelColumn) : columns;
    this.columns = new int[given.size()];
    for (int i = 0; i < given.size(); i++) {
      int c = given.get(i) < 0 ? width + given.get(i) : given.get(i);
      if (c < 0 || c >= width) {
        throw new DataException(file + ": data.targetColumns " + given.get(i) + " is outside the "
            + width + " columns of the first line");
      }
      this.columns[i] = c;
    }
    if (this.columns.length >= width) {
      throw new DataException(file + ": every one of its " + width + " columns is a target; "
          + "no feature is left");
    }
  }

  /** The number of target values per line: the network's output units. */
  int count() {
    return columns.length;
  }

  /** Whether column {@code c} (zero-based) holds a target rather than a feature. */
  boolean isTarget(int c) {
    return Arrays.stream(columns).anyMatch(t -> t == c);
  }

  /**
   * The targets of one line, in the order of {@code targetColumns}.
   *
   * @param where the file and line, for messages
   * @throws DataException if a value is not a number or does not fit the kind
   */
  float[] read(String[] fields, String where) {
    float[] targets = new float[columns.length];
    double sum = 0;
    for (int i = 0; i < columns.length; i++) {
      String field = fields[columns[i]].trim();
      String at = where + ", column " + (columns[i] + 1);
      float value;
      try {
        value = Float.parseFloat(field);
      } catch (NumberFormatException e) {
        throw new DataException(at + ": target '" + field + "' is not a number");
      }
      if (!Float.isFinite(value)) {
        throw new DataException(at + ": target '" + field + "' is not a finite number");
      }
      if (kind == DataSpec.Target.MULTI_LABEL && value != 0f && value != 1f) {
        throw new DataException(at + ": label " + field + " out of range (a multi-label target "
            + "is 0 or 1)");
      }
      if (kind == DataSpec.Target.SOFT && (value < 0f || value > 1f)) {
        throw new DataException(at + ": probability " + field + " out of range [0, 1]");
      }
      targets[i] = value;
      sum += value;
    }
    if (kind == DataSpec.Target.SOFT && Math.abs(sum - 1) > SOFT_SUM_TOLERANCE) {
      throw new DataException(where + ": soft label sums to "
          + String.format(java.util.Locale.ROOT, "%.4f", sum) + ", expected 1 (within "
          + SOFT_SUM_TOLERANCE + ")");
    }
    return targets;
  }
}
