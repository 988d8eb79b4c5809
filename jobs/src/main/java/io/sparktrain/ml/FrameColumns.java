package io.sparktrain.ml;

import io.sparktrain.spec.DataException;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/** Checks of a DataFrame's columns, each failing with a message that names the column. */
final class FrameColumns {

  private FrameColumns() {}

  /** The column's index; a {@link DataException} listing the columns there are if it is absent. */
  static int require(StructType schema, String column, String role) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new DataException(role + " column '" + column + "' is missing; the data has "
          + String.join(", ", schema.fieldNames()));
    }
    return schema.fieldIndex(column);
  }

  /** Requires a {@code Vector} column. */
  static int requireVector(StructType schema, String column) {
    int index = require(schema, column, "features");
    DataType type = schema.fields()[index].dataType();
    if (!type.equals(SQLDataTypes.VectorType())) {
      throw new DataException("features column '" + column + "' must hold ml Vectors (assemble "
          + "it with VectorAssembler), found " + type.simpleString());
    }
    return index;
  }

  /** Requires a numeric column. */
  static int requireNumeric(StructType schema, String column) {
    int index = require(schema, column, "label");
    if (!(schema.fields()[index].dataType() instanceof NumericType)) {
      throw new DataException("label column '" + column + "' must be numeric (a class index), "
          + "found " + schema.fields()[index].dataType().simpleString());
    }
    return index;
  }

  /** The vector as floats; a {@link DataException} if its width is not {@code width}. */
  static float[] features(Vector v, String column, int width) {
    if (v == null) {
      throw new DataException("features column '" + column + "': a row holds null");
    }
    if (v.size() != width) {
      throw widthMismatch(column, width, v.size());
    }
    double[] values = v.toArray();
    float[] features = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      features[i] = (float) values[i];
    }
    return features;
  }

  static DataException widthMismatch(String column, int expected, int found) {
    return new DataException("features column '" + column + "': the model expects vectors of "
        + "width " + expected + ", found width " + found);
  }
}
