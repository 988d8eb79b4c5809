package io.sparktrain.ml;

import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.model.OptimizerRules;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.TrainingSpec;
import io.sparktrain.spec.SpecWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A spark.ml Estimator that trains a sparktrain network on a DataFrame of (features Vector, label)
 * rows. Its spec (a file or inline YAML) gives the model, optimizer and training sections as for
 * {@code sparktrain train}; {@code learningRate}, {@code epochs} and {@code workers}, when set,
 * override the spec's, so a {@code ParamGridBuilder} can search over them. The model is a stack
 * ({@code model.layers}) or a graph ({@code model.graph}) of one input whose first output is a
 * softmax or sigmoid classifier, which is what the fitted model scores.
 *
 * <pre>{@code
 * SparktrainClassifier clf = new SparktrainClassifier().setSpecFile("conf/digits-mlp.yaml");
 * SparktrainClassificationModel model = clf.fit(train);
 * model.transform(test).select("prediction", "probability").show();
 * }</pre>
 */
public final class SparktrainClassifier extends Estimator<SparktrainClassificationModel> {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> spec;
  private final Param<String> featuresCol;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final Param<String> probabilityCol;
  private final DoubleParam learningRate;
  private final IntParam epochs;
  private final IntParam workers;
  private final IntArrayParam inputShape;

  public SparktrainClassifier() {
    this(Identifiable$.MODULE$.randomUID("sparktrain"));
  }

  public SparktrainClassifier(String uid) {
    this.uid = uid;
    spec = new Param<>(this, "spec", "the job spec as YAML: model, optimizer and training "
        + "sections (name and data may be left out)");
    featuresCol = ColumnParams.features(this);
    labelCol = ColumnParams.label(this);
    predictionCol = ColumnParams.prediction(this);
    probabilityCol = ColumnParams.probability(this);
    learningRate = new DoubleParam(this, "learningRate",
        "overrides optimizer.learningRate when set (> 0)", ParamValidators.gt(0));
    epochs = new IntParam(this, "epochs", "overrides training.epochs when set (>= 1)",
        ParamValidators.gtEq(1));
    workers = new IntParam(this, "workers", "overrides training.workers (the partitions trained "
        + "in parallel) when set (>= 1)", ParamValidators.gtEq(1));
    inputShape = new IntArrayParam(this, "inputShape", "[height, width, channels] of images "
        + "given as flat vectors (row by row, channels last); empty for flat features");
    setDefault(featuresCol, ColumnParams.FEATURES);
    setDefault(labelCol, ColumnParams.LABEL);
    setDefault(predictionCol, ColumnParams.PREDICTION);
    setDefault(probabilityCol, ColumnParams.PROBABILITY);
    setDefault(inputShape, new int[0]);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> spec() {
    return spec;
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public DoubleParam learningRate() {
    return learningRate;
  }

  public IntParam epochs() {
    return epochs;
  }

  public IntParam workers() {
    return workers;
  }

  public IntArrayParam inputShape() {
    return inputShape;
  }

  /** The spec as inline YAML. */
  public SparktrainClassifier setSpec(String yaml) {
    set(spec, yaml);
    return this;
  }

  /**
   * The spec from a file (local, HDFS or S3), read now, so the fitted model carries its text.
   *
   * @throws SpecException if the file cannot be read
   */
  public SparktrainClassifier setSpecFile(String path) {
    Path file = new Path(path);
    // The active session's Hadoop settings reach HDFS or S3; without one, the defaults.
    org.apache.hadoop.conf.Configuration hadoop = SparkSession.getActiveSession().isDefined()
        ? SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration()
        : new org.apache.hadoop.conf.Configuration();
    try (FSDataInputStream in = file.getFileSystem(hadoop).open(file)) {
      return setSpec(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SpecException(path, List.of(path + ": cannot be read, " + e.getMessage()));
    }
  }

  public SparktrainClassifier setFeaturesCol(String column) {
    set(featuresCol, column);
    return this;
  }

  public SparktrainClassifier setLabelCol(String column) {
    set(labelCol, column);
    return this;
  }

  public SparktrainClassifier setPredictionCol(String column) {
    set(predictionCol, column);
    return this;
  }

  public SparktrainClassifier setProbabilityCol(String column) {
    set(probabilityCol, column);
    return this;
  }

  public SparktrainClassifier setLearningRate(double rate) {
    set(learningRate, rate);
    return this;
  }

  public SparktrainClassifier setEpochs(int n) {
    set(epochs, n);
    return this;
  }

  public SparktrainClassifier setWorkers(int n) {
    set(workers, n);
    return this;
  }

  public SparktrainClassifier setInputShape(int height, int width, int channels) {
    set(inputShape, new int[] {height, width, channels});
    return this;
  }

  /**
   * The spec this estimator trains by: the spec Param with the overriding Params applied.
   *
   * @throws SpecException if it is missing or breaks a rule
   */
  public JobSpec resolvedSpec() {
    JobSpec parsed = EstimatorSpec.parse(isDefined(spec) ? getOrDefault(spec) : null);
    TrainingSpec t = parsed.training();
    TrainingSpec training = new TrainingSpec(
        isDefined(epochs) ? (Integer) getOrDefault(epochs) : t.epochs(), t.batchSize(),
        isDefined(workers) ? (Integer) getOrDefault(workers) : t.workers(),
        t.averagingFrequency(), t.engine(), t.seed());
    return new JobSpec(parsed.name(), parsed.data(), parsed.model(),
        isDefined(learningRate)
            ? parsed.optimizer().withLearningRate((Double) getOrDefault(learningRate))
            : parsed.optimizer(),
        training, parsed.output());
  }

  @Override
  public SparktrainClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    JobSpec job = resolvedSpec();
    FrameExamples data = FrameExamples.of(dataset, getOrDefault(featuresCol),
        getOrDefault(labelCol), job.training().workers());
    try {
      InputShape shape = shape(data.numFeatures());
      NetworkFactory.validateAgainstData(job.model(), data.numClasses());
      FittedNetwork fitted = FrameTraining.fit(dataset.sparkSession(), job, shape, data);
      SparktrainClassificationModel model = new SparktrainClassificationModel(uid, fitted,
          SpecWriter.toYaml(job));
      copyValues(model, extractParamMap());
      return model.setParent(this);
    } finally {
      data.unpersist();
    }
  }

  private InputShape shape(int numFeatures) {
    int[] hwc = getOrDefault(inputShape);
    if (hwc.length == 0) {
      return InputShape.flat(numFeatures);
    }
    if (hwc.length != 3 || hwc[0] * hwc[1] * hwc[2] != numFeatures) {
      throw new SpecException("inputShape", List.of("inputShape: must be [height, width, "
          + "channels] whose product is the features' width " + numFeatures + ", found "
          + java.util.Arrays.toString(hwc)));
    }
    return InputShape.of(hwc, numFeatures);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    FrameColumns.requireVector(schema, getOrDefault(featuresCol));
    FrameColumns.requireNumeric(schema, getOrDefault(labelCol));
    return PredictionColumns.append(schema, getOrDefault(predictionCol),
        getOrDefault(probabilityCol));
  }

  @Override
  public SparktrainClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
