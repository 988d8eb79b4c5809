package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.io.Serializable;

/**
 * Turns one comma-separated line into an {@link Example}: every column a number, one of them an
 * integer class label. Runs on the executors; every failure names the file and the line.
 */
final class CsvLineParser implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final int columns;
  private final int labelColumn;
  private final int numClasses;
  /** Null when the target is the class in {@code labelColumn}. */
  private final TargetColumns targets;

  /**
   * @param columns the column count every line must have
   * @param labelColumn zero-based, already resolved (not negative)
   * @param numClasses the declared class count, labels must be below it; 0 when undeclared
   */
  CsvLineParser(String file, int columns, int labelColumn, int numClasses) {
    this(file, columns, labelColumn, numClasses, null);
  }

  /** A parser whose targets are {@code targets}' columns, every other column a feature. */
  CsvLineParser(String file, int columns, int labelColumn, int numClasses,
      TargetColumns targets) {
    this.file = file;
    this.columns = columns;
    this.labelColumn = targets == null ? labelColumn : -1;
    this.numClasses = numClasses;
    this.targets = targets;
  }

  /** Parses a line; {@code index} is its zero-based position in the file (line number - 1). */
  Example parse(String line, long index) {
    String[] fields = line.split(",", -1);
    String where = file + ", line " + (index + 1);
    if (fields.length != columns) {
      throw new DataException(where + ": " + fields.length + " columns, expected " + columns
          + " like the first line");
    }
    float[] features = new float[columns - (targets == null ? 1 : targets.count())];
    int label = -1;
    for (int c = 0, f = 0; c < columns; c++) {
      String field = fields[c].trim();
      if (c == labelColumn) {
        label = label(field, where, c);
      } else if (targets == null || !targets.isTarget(c)) {
        features[f++] = number(field, where, c);
      }
    }
    return new Example(index, features, label, targets == null ? null
        : targets.read(fields, where));
  }

  private int label(String field, String where, int column) {
    double value;
    try {
      value = Double.parseDouble(field);
    } catch (NumberFormatException e) {
      throw new DataException(where + ", column " + (column + 1) + ": label '" + field
          + "' is not a class number (labels must be integers 0, 1, ...)");
    }
    if (value != Math.rint(value) || value < 0 || (numClasses > 0 && value >= numClasses)) {
      throw new DataException(where + ", column " + (column + 1) + ": label " + field
          + " out of range (expected an integer in [0, "
          + (numClasses > 0 ? String.valueOf(numClasses - 1) : "n") + "])");
    }
    return (int) value;
  }

  private static float number(String field, String where, int column) {
    try {
      float value = Float.parseFloat(field);
      if (!Float.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new DataException(where + ", column " + (column + 1) + ": '" + field
          + "' is not a finite number");
    }
  }
}
