package io.sparktrain.ml;

import io.sparktrain.train.Networks;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A trained sparktrain network as a spark.ml Transformer: appends the predicted class (a double,
 * as spark.ml's classifiers do) and the class probabilities (a Vector). Saved with
 * {@code write().save(path)} on any Hadoop file system, with the resolved spec and provenance;
 * loaded with {@link #load(String)}, also as a stage of a saved {@code PipelineModel}.
 */
public final class SparktrainClassificationModel extends Model<SparktrainClassificationModel>
    implements MLWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final transient FittedNetwork fitted;
  private final String resolvedSpec;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;

  SparktrainClassificationModel(String uid, FittedNetwork fitted, String resolvedSpec) {
    this.uid = uid;
    this.fitted = fitted;
    this.resolvedSpec = resolvedSpec;
    featuresCol = ColumnParams.features(this);
    predictionCol = ColumnParams.prediction(this);
    probabilityCol = ColumnParams.probability(this);
    setDefault(featuresCol, ColumnParams.FEATURES);
    setDefault(predictionCol, ColumnParams.PREDICTION);
    setDefault(probabilityCol, ColumnParams.PROBABILITY);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public SparktrainClassificationModel setFeaturesCol(String column) {
    set(featuresCol, column);
    return this;
  }

  public SparktrainClassificationModel setPredictionCol(String column) {
    set(predictionCol, column);
    return this;
  }

  public SparktrainClassificationModel setProbabilityCol(String column) {
    set(probabilityCol, column);
    return this;
  }

  /**
   * The trained network, a stack ({@code MultiLayerNetwork}) or a graph ({@code
   * ComputationGraph}) (a copy is not made: do not train it further).
   */
  public org.deeplearning4j.nn.api.Model network() {
    return fitted.network();
  }

  /** The spec it was trained by, every default written out. */
  public String resolvedSpec() {
    return resolvedSpec;
  }

  /** How it was trained: code version, seed, engine, Spark, examples, losses per epoch. */
  public Map<String, Object> provenance() {
    return fitted.provenance();
  }

  public int numFeatures() {
    return fitted.numFeatures();
  }

  public int numClasses() {
    return fitted.numClasses();
  }

  FittedNetwork fitted() {
    return fitted;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    // Released by Spark's cleaner once the returned DataFrame is gone: it is lazy, so the
    // parameters must outlive this call.
    Broadcast<float[]> params = sc.broadcast(fitted.network().params().toFloatVector());
    String features = getOrDefault(featuresCol);
    PredictRows task = new PredictRows(Networks.configurationJson(fitted.network()),
        Networks.isGraph(fitted.network()), params, dataset.schema().fieldIndex(features),
        features, fitted.numFeatures());
    return dataset.sparkSession().createDataFrame(
        dataset.toDF().javaRDD().mapPartitions(task), out);
  }

  /**
   * The input schema with the two output columns.
   *
   * @throws io.sparktrain.spec.DataException if the features column is missing, not a Vector,
   *     or declares (as VectorAssembler's output does) another width than the model's
   */
  @Override
  public StructType transformSchema(StructType schema) {
    String features = getOrDefault(featuresCol);
    int index = FrameColumns.requireVector(schema, features);
    int declared = AttributeGroup.fromStructField(schema.fields()[index]).size();
    if (declared >= 0 && declared != fitted.numFeatures()) {
      throw FrameColumns.widthMismatch(features, fitted.numFeatures(), declared);
    }
    return PredictionColumns.append(schema, getOrDefault(predictionCol),
        getOrDefault(probabilityCol));
  }

  @Override
  public SparktrainClassificationModel copy(ParamMap extra) {
    SparktrainClassificationModel copy = new SparktrainClassificationModel(uid,
        new FittedNetwork(Networks.copy(fitted.network()), fitted.numFeatures(),
            fitted.numClasses(), fitted.provenance()), resolvedSpec);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ModelStore.Writer(this);
  }

  /** The reader {@code PipelineModel.load} finds by reflection. */
  public static MLReader<SparktrainClassificationModel> read() {
    return new ModelStore.Reader();
  }

  /** Loads a model saved with {@code write().save(path)}. */
  public static SparktrainClassificationModel load(String path) {
    return read().load(path);
  }

  /**
   * A model of a network trained elsewhere (a run's model.zip, a stack or a graph), for batch
   * prediction.
   */
  public static SparktrainClassificationModel of(org.deeplearning4j.nn.api.Model network,
      int numFeatures, int numClasses, String resolvedSpec, Map<String, Object> provenance) {
    return new SparktrainClassificationModel(
        org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("sparktrain"),
        new FittedNetwork(network, numFeatures, numClasses, provenance), resolvedSpec);
  }

  /** Sets a column Param by name: what {@link ModelStore.Reader} restores. */
  void setColumn(String name, String value) {
    set(getParam(name), value);
  }
}
