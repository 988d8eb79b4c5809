package io.sparktrain.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.pipeline.GraphPipelineTest;
import io.sparktrain.spec.DataException;
import io.sparktrain.spec.SpecException;
import io.sparktrain.train.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The estimator as a Spark user meets it: after VectorAssembler and StandardScaler in a Pipeline,
 * inside CrossValidator, on scikit-learn's 8x8 digits (1,797 real images); the best model saved,
 * loaded in a new Spark session, predicting exactly as before; a residual graph fitted the same
 * way, scoring as its own output; graphs it could not score refused before training.
 */
class SparktrainClassifierTest {

  /** A small MLP: the CLI's spec sections, without name and data (the DataFrame is the data). */
  static final String SPEC = """
      model:
        layers:
          - {type: dense, units: 32, activation: relu}
          - {type: output, units: 10, activation: softmax, loss: mcxent}
      optimizer: {type: adam, learningRate: 0.001}
      training: {epochs: 8, batchSize: 32, workers: 2, averagingFrequency: 5, seed: 7}
      """;

  /**
   * The residual graph of GraphPipelineTest (two dense layers, their sum, a softmax), trained as
   * the MLP above.
   */
  static final String GRAPH_SPEC = GraphPipelineTest.residualGraph(10) + """
      optimizer: {type: adam, learningRate: 0.01}
      training: {epochs: 8, batchSize: 32, workers: 2, averagingFrequency: 5, seed: 7}
      """;

  @TempDir Path dir;

  @AfterAll
  static void stopSpark() {
    SparkSession.active().stop();
  }

  private static SparkSession spark() {
    SparkTestSession.start("SparktrainClassifierTest");
    return SparkSession.active();
  }

  /** digits.csv: 64 pixel counts (0-16) then the label; an id column keeps rows comparable. */
  static Dataset<Row> digits(SparkSession spark) {
    Path csv = DataCache.fromEnvironment().ensure("digits").resolve("digits.csv");
    Dataset<Row> raw = spark.read().option("inferSchema", "true").csv(csv.toString());
    return raw.withColumn("label", functions.col("_c64").cast("double"))
        .withColumn("id", functions.monotonically_increasing_id());
  }

  static VectorAssembler pixels() {
    String[] columns = IntStream.range(0, 64).mapToObj(i -> "_c" + i).toArray(String[]::new);
    return new VectorAssembler().setInputCols(columns).setOutputCol("pixels");
  }

  @Test
  void crossValidatesSavesAndReloadsWithIdenticalPredictions() throws Exception {
    SparkSession spark = spark();
    Dataset<Row>[] split = digits(spark).randomSplit(new double[] {0.8, 0.2}, 11);
    Path testPath = dir.resolve("test.parquet");
    split[1].write().parquet(testPath.toString());

    SparktrainClassifier classifier = new SparktrainClassifier().setSpec(SPEC);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {pixels(),
        new StandardScaler().setInputCol("pixels").setOutputCol("features"), classifier});
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(classifier.learningRate(), new double[] {1e-2, 1e-5}).build();
    MulticlassClassificationEvaluator accuracy =
        new MulticlassClassificationEvaluator().setMetricName("accuracy");
    CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline)
        .setEstimatorParamMaps(grid).setEvaluator(accuracy).setNumFolds(3).setSeed(5)
        .fit(split[0]);

    double[] folds = cv.avgMetrics();
    System.out.printf("cross-validated accuracy: lr 1e-2 %.4f, lr 1e-5 %.4f%n", folds[0], folds[1]);
    // Eight epochs at 1e-5 barely move the weights; at 1e-2 the MLP learns the digits.
    assertTrue(folds[0] > 0.9 && folds[0] > folds[1] + 0.1, "fold accuracies " + folds[0]
        + " and " + folds[1]);
    PipelineModel best = (PipelineModel) cv.bestModel();
    SparktrainClassificationModel fitted = (SparktrainClassificationModel) best.stages()[2];
    assertTrue(fitted.resolvedSpec().contains("learningRate: 0.01"), fitted.resolvedSpec());
    assertEquals(10, fitted.numClasses());
    assertEquals(64, fitted.numFeatures());

    Dataset<Row> test = spark.read().parquet(testPath.toString());
    double testAccuracy = accuracy.evaluate(best.transform(test));
    System.out.printf("test accuracy of the best model: %.4f on %d digits%n", testAccuracy,
        test.count());
    assertTrue(testAccuracy > 0.9, "test accuracy " + testAccuracy);
    List<Row> before = predictions(best, test);
    Path saved = dir.resolve("best-model");
    best.write().save(saved.toString());
    assertTrue(Files.isRegularFile(saved.resolve("stages").resolve("2_" + fitted.uid())
        .resolve(ModelStore.SPEC)));

    spark.stop();
    SparkSession fresh = spark();
    PipelineModel loaded = PipelineModel.load(saved.toString());
    List<Row> after = predictions(loaded, fresh.read().parquet(testPath.toString()));
    assertEquals(before.size(), after.size());
    for (int i = 0; i < before.size(); i++) {
      assertEquals(before.get(i).getLong(0), after.get(i).getLong(0));
      assertEquals(before.get(i).getDouble(1), after.get(i).getDouble(1), 0.0);
      assertArrayEquals(((Vector) before.get(i).get(2)).toArray(),
          ((Vector) after.get(i).get(2)).toArray(), 0.0);
    }
    SparktrainClassificationModel reloaded = (SparktrainClassificationModel) loaded.stages()[2];
    assertEquals(fitted.resolvedSpec(), reloaded.resolvedSpec());
    assertEquals(fitted.provenance().get("codeVersion"), reloaded.provenance().get("codeVersion"));
  }

  /**
   * Checks each row (id, features, label, prediction, probability) against the graph's own
   * {@code output()}, its features fed to every input as training feeds them; the accuracy.
   */
  private static double assertScoredAsItsOwnOutput(ComputationGraph graph, List<Row> rows) {
    INDArray[] inputs = new INDArray[graph.getNumInputArrays()];
    java.util.Arrays.fill(inputs, GraphPredictionTest.features(rows));
    INDArray expected = graph.output(false, inputs)[0];
    int correct = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      assertEquals(Nd4j.argMax(expected.getRow(i)).getInt(0), row.getDouble(3), "row " + i);
      assertArrayEquals(expected.getRow(i).toDoubleVector(), ((Vector) row.get(4)).toArray(),
          1e-5, "row " + i);
      correct += row.getDouble(3) == row.getDouble(2) ? 1 : 0;
    }
    return correct / (double) rows.size();
  }

  private static List<Row> predictions(PipelineModel model, Dataset<Row> data) {
    return model.transform(data).select("id", "prediction", "probability").orderBy("id")
        .collectAsList();
  }

  @Test
  void namesTheMissingColumnAndTheWidthExpected() {
    SparkSession spark = spark();
    Dataset<Row> data = pixels().transform(digits(spark).limit(200))
        .withColumnRenamed("pixels", "features");
    SparktrainClassifier classifier = new SparktrainClassifier().setSpec(SPEC).setEpochs(1);

    DataException missing = assertThrows(DataException.class,
        () -> classifier.setLabelCol("species").fit(data));
    assertTrue(missing.getMessage().contains("label column 'species' is missing"),
        missing.getMessage());

    SparktrainClassificationModel model = classifier.setLabelCol("label").fit(data);
    Dataset<Row> fiveClasses = data.filter("label < 5").withColumn("label", functions.col("label")
        .as("label", NominalAttribute.defaultAttr().withNumValues(10).toMetadata()));
    assertEquals(10, classifier.fit(fiveClasses).numClasses(), "the classes the label's metadata "
        + "declares, not the largest label + 1");
    String[] fewer = IntStream.range(0, 63).mapToObj(i -> "_c" + i).toArray(String[]::new);
    Dataset<Row> narrow = new VectorAssembler().setInputCols(fewer).setOutputCol("features")
        .transform(digits(spark).limit(10));
    DataException width = assertThrows(DataException.class, () -> model.transform(narrow));
    assertEquals("features column 'features': the model expects vectors of width 64, found "
        + "width 63", width.getMessage());
  }

  @Test
  void fitsAResidualGraphThatScoresAsItsOwnOutputAndReloadsAsAGraph() throws Exception {
    SparkSession spark = spark();
    Path testPath = dir.resolve("test.parquet");
    Dataset<Row>[] split = digits(spark).randomSplit(new double[] {0.8, 0.2}, 11);
    split[1].write().parquet(testPath.toString());
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {pixels(),
        new StandardScaler().setInputCol("pixels").setOutputCol("features"),
        new SparktrainClassifier().setSpec(GRAPH_SPEC)}).fit(split[0]);
    SparktrainClassificationModel model = (SparktrainClassificationModel) fitted.stages()[2];
    ComputationGraph graph = assertInstanceOf(ComputationGraph.class, model.network());

    Dataset<Row> test = spark.read().parquet(testPath.toString());
    Dataset<Row> scaled = fitted.stages()[1].transform(fitted.stages()[0].transform(test));
    List<Row> rows = model.transform(scaled)
        .select("id", "features", "label", "prediction", "probability").orderBy("id")
        .collectAsList();
    double accuracy = assertScoredAsItsOwnOutput(graph, rows);
    System.out.printf("residual graph through the estimator: test accuracy %.4f on %d digits%n",
        accuracy, rows.size());
    // Ten classes, chance is 0.1.
    assertTrue(accuracy > 0.9, "test accuracy " + accuracy);

    Path saved = dir.resolve("graph-model");
    model.write().save(saved.toString());
    SparktrainClassificationModel loaded = SparktrainClassificationModel.load(saved.toString());
    assertInstanceOf(ComputationGraph.class, loaded.network());
    assertTrue(loaded.resolvedSpec().contains("graph:"), loaded.resolvedSpec());
    // The same rows in the same partitions: batches of other sizes may round the last bits
    // differently.
    List<Row> again = loaded.transform(scaled).orderBy("id").select("prediction", "probability")
        .collectAsList();
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(rows.get(i).getDouble(3), again.get(i).getDouble(0), 0.0, "row " + i);
      assertArrayEquals(((Vector) rows.get(i).get(4)).toArray(),
          ((Vector) again.get(i).get(1)).toArray(), 0.0, "row " + i);
    }
  }

  /** The fitted model feeds the one features column to both inputs, as training did. */
  @Test
  void fitsAGraphOfTwoWholeVectorInputsThatScoresAsItsOwnOutput() {
    SparkSession spark = spark();
    Dataset<Row>[] split = digits(spark).randomSplit(new double[] {0.8, 0.2}, 11);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {pixels(),
        new StandardScaler().setInputCol("pixels").setOutputCol("features"),
        new SparktrainClassifier().setSpec(GraphPredictionTest.TWO_WHOLE_INPUTS + """
            optimizer: {type: adam, learningRate: 0.01}
            training: {epochs: 8, batchSize: 32, workers: 2, averagingFrequency: 5, seed: 7}
            """)}).fit(split[0]);
    ComputationGraph graph = assertInstanceOf(ComputationGraph.class,
        ((SparktrainClassificationModel) fitted.stages()[2]).network());

    List<Row> rows = fitted.transform(split[1])
        .select("id", "features", "label", "prediction", "probability").collectAsList();
    double accuracy = assertScoredAsItsOwnOutput(graph, rows);
    System.out.printf("two whole-vector inputs through the estimator: test accuracy %.4f on %d "
        + "digits%n", accuracy, rows.size());
    // Ten classes, chance is 0.1.
    assertTrue(accuracy > 0.9, "test accuracy " + accuracy);
  }

  /** Inputs that select columns all read the one features column, so the estimator fits them. */
  @Test
  void fitsAGraphWhoseInputsReadTheTopAndBottomHalvesOfTheDigits() {
    SparkSession spark = spark();
    Dataset<Row>[] split = digits(spark).randomSplit(new double[] {0.8, 0.2}, 11);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {pixels(),
        new StandardScaler().setInputCol("pixels").setOutputCol("features"),
        new SparktrainClassifier().setSpec("""
            model:
              graph:
                inputs: [{name: top, columns: [0-31]}, {name: bottom, columns: [32-63]}]
                layers:
                  - {name: a, type: dense, units: 16, inputs: [top]}
                  - {name: b, type: dense, units: 16, inputs: [bottom]}
                  - {name: both, type: concatenate, inputs: [a, b]}
                  - {name: out, type: output, units: 10, inputs: [both]}
                outputs: [out]
            optimizer: {type: adam, learningRate: 0.01}
            training: {epochs: 8, batchSize: 32, workers: 2, averagingFrequency: 5, seed: 7}
            """)}).fit(split[0]);

    List<Row> rows = fitted.transform(split[1]).select("label", "prediction").collectAsList();
    double accuracy = rows.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count()
        / (double) rows.size();
    System.out.printf("two column inputs through the estimator: test accuracy %.4f on %d "
        + "digits%n", accuracy, rows.size());
    // Ten classes, chance is 0.1; the halves together carry the whole image.
    assertTrue(accuracy > 0.9, "test accuracy " + accuracy);
  }

  @Test
  void refusesAGraphWhoseFirstOutputIsNoClassifierNamingModelGraphOutputs() {
    SparktrainClassifier classifier = new SparktrainClassifier().setSpec("""
        model:
          graph:
            layers:
              - {name: hidden, type: dense, units: 16, inputs: [input]}
              - {name: value, type: output, units: 1, activation: identity, loss: mse,
                 inputs: [hidden]}
              - {name: out, type: output, units: 10, inputs: [hidden]}
            outputs: [value, out]
        optimizer: {type: adam, learningRate: 0.01}
        """);

    SpecException refused = assertThrows(SpecException.class, classifier::resolvedSpec);

    assertTrue(refused.getMessage().contains("model.graph.outputs[0]: the spark.ml estimator "
        + "writes the first output as class probabilities, so it must be an 'output' layer with "
        + "activation softmax or sigmoid; found 'value', with activation identity"),
        refused.getMessage());
  }
}
