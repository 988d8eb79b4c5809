package io.sparktrain.ml;

import io.sparktrain.data.Example;
import io.sparktrain.spec.DataException;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * A DataFrame's (features, label) rows as the engines' {@link Example}s, cached with one partition
 * per worker. The width and the classes are read from the data: the largest label + 1 classes,
 * or as many as the label column's nominal metadata declares, if more.
 *
 * @param examples one partition per worker, cached; the caller unpersists
 * @param count rows
 * @param numFeatures width of every features vector
 * @param numClasses largest label + 1, at least 2
 */
record FrameExamples(JavaRDD<Example> examples, long count, int numFeatures, int numClasses) {

  /**
   * Converts {@code data}.
   *
   * @throws DataException for a missing or mistyped column, an empty frame, vectors of different
   *     widths, or labels that are not class indices
   */
  static FrameExamples of(Dataset<?> data, String featuresCol, String labelCol, int workers) {
    FrameColumns.requireVector(data.schema(), featuresCol);
    FrameColumns.requireNumeric(data.schema(), labelCol);
    Dataset<Row> rows = data.select(functions.col(featuresCol),
        functions.col(labelCol).cast("double"));
    List<Row> head = rows.takeAsList(1);
    if (head.isEmpty()) {
      throw new DataException("the DataFrame to fit is empty");
    }
    Row range = rows.agg(functions.min(rows.col(rows.columns()[1])),
        functions.max(rows.col(rows.columns()[1]))).head();
    int width = ((Vector) head.get(0).get(0)).size();
    checkLabels(labelCol, range.getDouble(0), range.getDouble(1));
    JavaRDD<Example> examples = rows.javaRDD().zipWithIndex()
        .map(pair -> example(pair._1(), pair._2(), featuresCol, labelCol, width))
        .repartition(workers)
        .persist(StorageLevel.MEMORY_AND_DISK());
    long count = examples.count();
    return new FrameExamples(examples, count, width,
        Math.max(2, Math.max((int) range.getDouble(1) + 1, declaredClasses(data, labelCol))));
  }

  /**
   * The classes a StringIndexer (or other nominal metadata) declares for the label, 0 if none: a
   * cross-validation fold that lacks the last class must still build every output.
   */
  private static int declaredClasses(Dataset<?> data, String labelCol) {
    Attribute attribute = Attribute.fromStructField(data.schema().apply(labelCol));
    return attribute instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()
        ? (Integer) nominal.getNumValues().get() : 0;
  }

  private static void checkLabels(String labelCol, double min, double max) {
    if (min < 0 || max != Math.rint(max) || max > 100_000) {
      throw new DataException("label column '" + labelCol + "' must hold class indices 0, 1, "
          + "2, ... (StringIndexer makes them), found values from " + min + " to " + max);
    }
  }

  private static Example example(Row row, long index, String featuresCol, String labelCol,
      int width) {
    if (row.isNullAt(0) || row.isNullAt(1)) {
      throw new DataException("row " + index + ": null in column '"
          + (row.isNullAt(0) ? featuresCol : labelCol) + "'");
    }
    double label = row.getDouble(1);
    if (label < 0 || label != Math.rint(label)) {
      throw new DataException("label column '" + labelCol + "', row " + index
          + ": must be a class index, found " + label);
    }
    return new Example(index, FrameColumns.features((Vector) row.get(0), featuresCol, width),
        (int) label);
  }

  void unpersist() {
    examples.unpersist(false);
  }
}
