package io.sparktrain.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;

/**
 * The column Params the estimator and its model share, with spark.ml's usual names and defaults,
 * made once here so both classes name and document them alike.
 */
final class ColumnParams {

  static final String FEATURES = "features";
  static final String LABEL = "label";
  static final String PREDICTION = "prediction";
  static final String PROBABILITY = "probability";

  private ColumnParams() {}

  static Param<String> features(Identifiable owner) {
    return new Param<>(owner, "featuresCol", "features column: ml Vectors (default features)");
  }

  static Param<String> label(Identifiable owner) {
    return new Param<>(owner, "labelCol", "label column: class indices 0, 1, ... (default label)");
  }

  static Param<String> prediction(Identifiable owner) {
    return new Param<>(owner, "predictionCol", "predicted class index column (default prediction)");
  }

  static Param<String> probability(Identifiable owner) {
    return new Param<>(owner, "probabilityCol",
        "class probabilities column, a Vector (default probability)");
  }
}
