package io.sparktrain.ml;

import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Scores a DataFrame of {@link PredictionInputs} on the executors and writes Parquet of
 * {@code index}, {@code prediction}, {@code probabilities} (an array of doubles) and
 * {@code label} when the input has one, or the same as CSV ({@link Format}). Written beside the output
 * and renamed into it, so a reader never sees part of it.
 */
public final class BatchPrediction {

  /**
   * How predictions are written: Parquet with a {@code probabilities} array, or CSV with a header
   * and one column per class ({@code p0}, {@code p1}, ...), for readers without Parquet.
   */
  public enum Format { PARQUET, CSV }

  /** What was written: rows, and the accuracy on them when they carry labels (else NaN). */
  public record Summary(long rows, double accuracy) {}

  private BatchPrediction() {}

  /**
   * @throws OutputException if {@code out} exists or cannot be written
   * @throws io.sparktrain.spec.DataException if the features' width is not the model's
   */
  public static Summary write(SparktrainClassificationModel model, Dataset<Row> input,
      String out, Format format) {
    Path target = new Path(out);
    try {
      FileSystem fs = target.getFileSystem(input.sparkSession().sparkContext()
          .hadoopConfiguration());
      if (fs.exists(target)) {
        throw new OutputException("--out " + out + " exists already; choose a new path");
      }
      Path staging = new Path(target.getParent(), "." + target.getName() + ".writing-"
          + UUID.randomUUID());
      boolean labelled = Arrays.asList(input.columns()).contains(PredictionInputs.LABEL);
      List<Column> columns = new ArrayList<>(List.of(functions.col(PredictionInputs.INDEX),
          functions.col("prediction")));
      Column probabilities = org.apache.spark.ml.functions.vector_to_array(
          functions.col("probability"), "float64");
      if (format == Format.PARQUET) {
        columns.add(probabilities.as("probabilities"));
      } else {
        for (int c = 0; c < model.numClasses(); c++) {
          columns.add(probabilities.getItem(c).as("p" + c));
        }
      }
      if (labelled) {
        columns.add(functions.col(PredictionInputs.LABEL));
      }
      Dataset<Row> predicted = model.copy(new org.apache.spark.ml.param.ParamMap())
          .setFeaturesCol(PredictionInputs.FEATURES).setPredictionCol("prediction")
          .setProbabilityCol("probability").transform(input).select(columns.toArray(Column[]::new));
      if (format == Format.PARQUET) {
        predicted.write().parquet(staging.toString());
      } else {
        predicted.write().option("header", "true").csv(staging.toString());
      }
      if (!fs.rename(staging, target)) {
        throw new OutputException("cannot move the predictions into " + out);
      }
      Dataset<Row> written = format == Format.PARQUET
          ? input.sparkSession().read().parquet(out)
          : input.sparkSession().read().option("header", "true").option("inferSchema", "true")
              .csv(out);
      return summary(written, labelled);
    } catch (IOException e) {
      throw new OutputException("cannot write predictions to " + out + ": " + e.getMessage(), e);
    }
  }

  private static Summary summary(Dataset<Row> written, boolean labelled) {
    if (!labelled) {
      return new Summary(written.count(), Double.NaN);
    }
    Row row = written.agg(functions.count(functions.lit(1)),
        functions.avg(functions.when(functions.col("prediction")
            .equalTo(functions.col(PredictionInputs.LABEL)), 1.0).otherwise(0.0))).head();
    return new Summary(row.getLong(0), row.getDouble(1));
  }
}
