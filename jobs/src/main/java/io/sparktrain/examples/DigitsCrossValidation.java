package io.sparktrain.examples;

import io.sparktrain.data.DataCache;
import io.sparktrain.ml.SparktrainClassificationModel;
import io.sparktrain.ml.SparktrainClassifier;
import java.util.stream.IntStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * sparktrain's estimator as a Spark ML user writes it: scikit-learn's 8x8 digits from CSV,
 * VectorAssembler and StandardScaler, then {@link SparktrainClassifier} inside a CrossValidator
 * over two learning rates; the best model is saved, loaded back and scores the held-out digits.
 *
 * <p>Run: {@code java @conf/java17.args -cp "jobs/target/classes:$(cat jobs/target/classpath.txt)"
 * io.sparktrain.examples.DigitsCrossValidation [OUTPUT_DIR]}
 */
public final class DigitsCrossValidation {

  private static final String SPEC = """
      model:
        layers:
          - {type: dense, units: 32, activation: relu}
          - {type: output, units: 10, activation: softmax, loss: mcxent}
      optimizer: {type: adam}
      training: {epochs: 8, batchSize: 32, workers: 2, averagingFrequency: 5, seed: 7}
      """;

  private DigitsCrossValidation() {}

  public static void main(String[] args) throws java.io.IOException {
    String out = args.length > 0 ? args[0] : "runs/digits-cross-validation";
    SparkSession spark = SparkSession.builder().master("local[2]").appName("digits-cv")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    String csv = DataCache.fromEnvironment().ensure("digits").resolve("digits.csv").toString();
    Dataset<Row> digits = spark.read().option("inferSchema", "true").csv(csv)
        .withColumn("label", functions.col("_c64").cast("double"));
    Dataset<Row>[] split = digits.randomSplit(new double[] {0.8, 0.2}, 11);

    String[] pixels = IntStream.range(0, 64).mapToObj(i -> "_c" + i).toArray(String[]::new);
    SparktrainClassifier classifier = new SparktrainClassifier().setSpec(SPEC);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(pixels).setOutputCol("pixels"),
        new StandardScaler().setInputCol("pixels").setOutputCol("features"), classifier});
    double[] rates = {1e-2, 1e-4};
    ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.learningRate(), rates).build();
    MulticlassClassificationEvaluator accuracy =
        new MulticlassClassificationEvaluator().setMetricName("accuracy");
    CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline)
        .setEstimatorParamMaps(grid).setEvaluator(accuracy).setNumFolds(3).setSeed(5)
        .fit(split[0]);
    for (int i = 0; i < rates.length; i++) {
      System.out.printf("learningRate=%s meanFoldAccuracy=%.4f%n", rates[i], cv.avgMetrics()[i]);
    }

    PipelineModel best = (PipelineModel) cv.bestModel();
    best.write().overwrite().save(out);
    PipelineModel loaded = PipelineModel.load(out);
    Dataset<Row> scored = loaded.transform(split[1]);
    System.out.printf("heldOutAccuracy=%.4f rows=%d saved=%s%n", accuracy.evaluate(scored),
        scored.count(), out);
    SparktrainClassificationModel model = (SparktrainClassificationModel) loaded.stages()[2];
    System.out.println("bestSpec:\n" + model.resolvedSpec());
    spark.stop();
    // Spark's barrier stages leave a non-daemon timer thread ("Barrier task timer for barrier()
    // calls") in a local-mode driver, which would keep this JVM alive after main returns.
    System.exit(0);
  }
}
