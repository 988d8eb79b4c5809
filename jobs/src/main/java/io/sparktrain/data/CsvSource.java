package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Labelled examples from a CSV file on any Hadoop file system (local, HDFS, S3), read by the
 * executors with {@code textFile}: the driver reads only the first two lines.
 */
final class CsvSource {

  /** What the first line of a file is. */
  enum Header {
    /** data from the first line on. */
    NONE,
    /** a header to skip. */
    SKIP,
    /**
     * scikit-learn's bundled files: {@code n_samples,n_features,class names...}, which also
     * declares the number of classes.
     */
    SKLEARN
  }

  /** Examples and what the file declared about them. */
  record Table(JavaRDD<Example> examples, int numFeatures, int declaredClasses) {}

  private CsvSource() {}

  /**
   * @param labelColumn zero-based; negative counts from the end (-1: last)
   * @param declaredClasses labels must be below this; 0 when not known in advance
   * @throws DataException if the file is missing or empty, or (when the examples are computed) a
   *     line is malformed or a label out of range
   */
  static Table read(JavaSparkContext sc, String path, Header header, int labelColumn,
      int declaredClasses, int minPartitions) {
    return read(sc, path, header, labelColumn, declaredClasses, minPartitions, null);
  }

  /**
   * As above, with the targets of {@code data.target} other than a class ({@code targets}
   * non-null): the table's {@code declaredClasses} is then the number of target columns.
   */
  static Table read(JavaSparkContext sc, String path, Header header, int labelColumn,
      int declaredClasses, int minPartitions, Targets targets) {
    requireFile(sc, path);
    JavaRDD<String> lines = sc.textFile(path, minPartitions);
    List<String> head = lines.take(2);
    int firstData = header == Header.NONE ? 0 : 1;
    if (head.size() <= firstData) {
      throw new DataException(path + ": no data lines");
    }
    int classes = header == Header.SKLEARN ? sklearnClasses(path, head.get(0)) : declaredClasses;
    int columns = head.get(firstData).split(",", -1).length;
    if (columns < 2) {
      throw new DataException(path + ", line " + (firstData + 1)
          + ": needs at least one feature column and a label column");
    }
    int label = labelColumn < 0 ? columns + labelColumn : labelColumn;
    if (label < 0 || label >= columns) {
      throw new DataException(path + ": data.labelColumn " + labelColumn + " is outside the "
          + columns + " columns of line " + (firstData + 1));
    }
    TargetColumns vector = targets == null ? null
        : new TargetColumns(path, targets.kind(), targets.columns(), label, columns);
    CsvLineParser parser = new CsvLineParser(path, columns, label, classes, vector);
    JavaRDD<Example> examples = lines.zipWithIndex()
        .filter(t -> t._2() >= firstData && !t._1().isBlank())
        .map(t -> parser.parse(t._1(), t._2()));
    return vector == null ? new Table(examples, columns - 1, classes)
        : new Table(examples, columns - vector.count(), vector.count());
  }

  /** {@code data.target} and {@code data.targetColumns} when the target is not a class. */
  record Targets(io.sparktrain.spec.DataSpec.Target kind, List<Integer> columns) {

    /** The spec's targets, or null when the target is the class (or the input). */
    static Targets of(io.sparktrain.spec.DataSpec spec) {
      return spec.target().isVector() ? new Targets(spec.target(), spec.targetColumns()) : null;
    }
  }

  static void requireFile(JavaSparkContext sc, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(sc.hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new DataException(path + ": file not found");
      }
    } catch (IOException e) {
      throw new DataException(path + ": cannot be opened (" + e.getMessage() + ")", e);
    }
  }

  private static int sklearnClasses(String path, String header) {
    String[] fields = header.split(",");
    if (fields.length < 4) {
      throw new DataException(path + ", line 1: expected 'n_samples,n_features,class names...', "
          + "found '" + header + "'");
    }
    return fields.length - 2;
  }
}
