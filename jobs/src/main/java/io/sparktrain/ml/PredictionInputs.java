package io.sparktrain.ml;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.DataCatalog;
import io.sparktrain.data.Example;
import io.sparktrain.data.LabeledData;
import io.sparktrain.data.LabeledDataLoader;
import io.sparktrain.spec.DataException;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What batch prediction reads, as a DataFrame of {@code index}, {@code features} (a Vector) and,
 * when known, {@code label}: a registered data set's split ({@code mnist:test}), scaled as the
 * model's run scaled it; a CSV file whose columns are all features but the label column; or
 * Parquet with a Vector or numeric-array features column.
 */
public final class PredictionInputs {

  public static final String INDEX = "index";
  public static final String FEATURES = "features";
  public static final String LABEL = "label";

  /**
   * Where the features are and which column is the label.
   *
   * @param featuresCol Parquet: the features column
   * @param labelCol CSV and Parquet: the label column, if any (CSV columns are _c0, _c1, ...
   *     without {@code header})
   * @param header CSV: whether the first line names the columns
   */
  public record Columns(String featuresCol, String labelCol, boolean header) {}

  private PredictionInputs() {}

  /**
   * Reads {@code data}.
   *
   * @param trainingSpec the model's resolved spec, whose data section scales a registered set
   * @throws DataException if the data cannot be read or lacks a column
   */
  public static Dataset<Row> read(SparkSession spark, String data, Columns columns,
      Optional<String> trainingSpec, DataCache cache) {
    String lower = data.toLowerCase();
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
      return csv(spark, data, columns);
    }
    if (lower.endsWith(".parquet") || data.contains("/")) {
      return parquet(spark, data, columns);
    }
    return registered(spark, data, trainingSpec, cache);
  }

  private static Dataset<Row> registered(SparkSession spark, String data,
      Optional<String> trainingSpec, DataCache cache) {
    String[] parts = data.split(":", 2);
    String name = parts[0];
    String split = parts.length > 1 ? parts[1] : "test";
    if (!DataCatalog.standard().names().contains(name)) {
      throw new DataException("data: '" + data + "' is neither a CSV or Parquet path nor a "
          + "registered set; registered: " + String.join(", ", DataCatalog.standard().names()));
    }
    DataSpec spec = trainingSpec.filter(s -> !s.isBlank())
        .map(s -> SpecReader.parse(SpecReader.jobOf(s), "the model's spec.yaml"))
        .map(JobSpec::data)
        .filter(d -> d.source().equals(name)).orElse(DataSpec.defaults(name));
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LabeledData loaded = LabeledDataLoader.load(sc, spec, 1, cache);
    JavaRDD<Example> examples = switch (split) {
      case "train" -> loaded.train();
      case "validation" -> loaded.validation();
      case "test" -> loaded.test();
      default -> throw new DataException("data: split '" + split + "' of " + name
          + " must be train, validation or test");
    };
    StructType schema = new StructType().add(INDEX, DataTypes.LongType, false)
        .add(FEATURES, SQLDataTypes.VectorType(), false).add(LABEL, DataTypes.DoubleType, false);
    return spark.createDataFrame(examples.map(e -> RowFactory.create(e.index(),
        Vectors.dense(toDoubles(e.features())), (double) e.label())), schema);
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static Dataset<Row> csv(SparkSession spark, String path, Columns columns) {
    Dataset<Row> raw = spark.read().option("inferSchema", "true")
        .option("header", String.valueOf(columns.header())).csv(path);
    List<String> names = Arrays.asList(raw.columns());
    String label = columns.labelCol();
    if (label != null && !names.contains(label)) {
      throw new DataException("data: label column '" + label + "' is missing from " + path
          + "; its columns are " + String.join(", ", names));
    }
    String[] features = names.stream().filter(n -> !n.equals(label)).toArray(String[]::new);
    Dataset<Row> assembled = new VectorAssembler().setInputCols(features).setOutputCol(FEATURES)
        .setHandleInvalid("error").transform(raw);
    return withIndex(label == null ? assembled.select(FEATURES)
        : assembled.select(functions.col(FEATURES), functions.col(label).cast("double").as(LABEL)));
  }

  private static Dataset<Row> parquet(SparkSession spark, String path, Columns columns) {
    Dataset<Row> raw = spark.read().parquet(path);
    String features = columns.featuresCol();
    FrameColumns.require(raw.schema(), features, "features");
    boolean isVector = raw.schema().apply(features).dataType().equals(SQLDataTypes.VectorType());
    Dataset<Row> withVector = raw.withColumn(FEATURES, isVector ? functions.col(features)
        : org.apache.spark.ml.functions.array_to_vector(functions.col(features)));
    String label = columns.labelCol();
    boolean hasLabel = label != null && Arrays.asList(raw.columns()).contains(label);
    return withIndex(hasLabel ? withVector.select(functions.col(FEATURES),
        functions.col(label).cast("double").as(LABEL)) : withVector.select(FEATURES));
  }

  /** Numbers rows in file order, as a user counts them. */
  private static Dataset<Row> withIndex(Dataset<Row> frame) {
    StructType schema = new StructType().add(INDEX, DataTypes.LongType, false);
    for (var field : frame.schema().fields()) {
      schema = schema.add(field);
    }
    JavaRDD<Row> rows = frame.javaRDD().zipWithIndex().map(pair -> {
      Object[] values = new Object[pair._1().length() + 1];
      values[0] = pair._2();
      for (int i = 0; i < pair._1().length(); i++) {
        values[i + 1] = pair._1().get(i);
      }
      return RowFactory.create(values);
    });
    return frame.sparkSession().createDataFrame(rows, schema);
  }
}
