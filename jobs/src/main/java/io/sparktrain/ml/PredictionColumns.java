package io.sparktrain.ml;

import io.sparktrain.spec.DataException;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The two columns a fitted model appends: the predicted class and the class probabilities. */
final class PredictionColumns {

  private PredictionColumns() {}

  /**
   * {@code schema} with a double prediction column and a Vector probability column.
   *
   * @throws DataException if either name is taken already
   */
  static StructType append(StructType schema, String predictionCol, String probabilityCol) {
    for (String column : new String[] {predictionCol, probabilityCol}) {
      if (Arrays.asList(schema.fieldNames()).contains(column)) {
        throw new DataException("output column '" + column + "' exists already; choose another "
            + "name (setPredictionCol / setProbabilityCol)");
      }
    }
    return schema.add(predictionCol, DataTypes.DoubleType, false)
        .add(probabilityCol, SQLDataTypes.VectorType(), false);
  }
}
