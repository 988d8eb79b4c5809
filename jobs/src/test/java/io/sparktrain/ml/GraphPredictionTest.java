package io.sparktrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.pipeline.GraphPipelineTest;
import io.sparktrain.pipeline.TrainJob;
import io.sparktrain.pipeline.TrainResult;
import io.sparktrain.runs.NetworkZips;
import io.sparktrain.spec.DataException;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.train.SparkTestSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Batch prediction on a graph's model.zip, as {@code sparktrain predict} runs it: a residual
 * graph, and one of two whole-vector inputs, trained on the real 8x8 digits score their test
 * split as their own {@code output()} does; a graph it cannot score is refused naming why.
 */
class GraphPredictionTest {

  /**
   * A job spec's model section: a graph of two inputs that both read the whole features vector,
   * one branch of relu units and one of tanh units, concatenated under a softmax over the digits.
   */
  static final String TWO_WHOLE_INPUTS = """
      model:
        graph:
          inputs: [left, right]
          layers:
            - {name: a, type: dense, units: 16, activation: relu, inputs: [left]}
            - {name: b, type: dense, units: 16, activation: tanh, inputs: [right]}
            - {name: both, type: concatenate, inputs: [a, b]}
            - {name: out, type: output, units: 10, inputs: [both]}
          outputs: [out]
      """;

  private static JavaSparkContext sc;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("GraphPredictionTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void aResidualGraphPredictsTheDigitsAsItsOwnOutputDoes() throws Exception {
    assertPredictsAsItsOwnOutput(trainGraph(GraphPipelineTest.residualGraph(10)));
  }

  /** Training feeds the features to both inputs, so predict does too. */
  @Test
  void aGraphOfTwoWholeVectorInputsPredictsAsItsOwnOutputDoes() throws Exception {
    assertPredictsAsItsOwnOutput(trainGraph(TWO_WHOLE_INPUTS));
  }

  @Test
  void aGraphWhoseInputsReadDifferentWidthsIsRefusedNamingThem() throws Exception {
    ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
        .graphBuilder().addInputs("left", "right")
        .addLayer("a", new DenseLayer.Builder().nIn(64).nOut(8).build(), "left")
        .addLayer("b", new DenseLayer.Builder().nIn(32).nOut(8).build(), "right")
        .addVertex("both", new MergeVertex(), "a", "b")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX).nIn(16).nOut(10).build(), "both")
        .setOutputs("out").build());

    DataException refused = assertThrows(DataException.class, () -> open(graph));

    assertTrue(refused.getMessage().contains("the graph's inputs read vectors of different "
        + "widths {left=64, right=32}; predict feeds the one features vector to every input"),
        refused.getMessage());
  }

  @Test
  void aGraphWhoseFirstOutputIsARegressionIsRefusedNamingIt() throws Exception {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1)
        .graphBuilder().addInputs("pixels")
        .addLayer("hidden", new DenseLayer.Builder().nIn(64).nOut(16).build(), "pixels")
        .addLayer("value", new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
            .activation(Activation.IDENTITY).nIn(16).nOut(1).build(), "hidden")
        .addLayer("digit", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX).nIn(16).nOut(10).build(), "hidden")
        .setOutputs("value", "digit").build();

    DataException refused = assertThrows(DataException.class,
        () -> open(new ComputationGraph(conf)));

    assertTrue(refused.getMessage().contains("its first output 'value' has activation "
        + "identity, not a softmax or sigmoid classifier"), refused.getMessage());
  }

  private SavedModels.Opened open(ComputationGraph graph) throws java.io.IOException {
    graph.init();
    Path zip = dir.resolve("model.zip");
    NetworkZips.write(graph, zip.toFile());
    return SavedModels.open(zip.toString(), sc.hadoopConfiguration());
  }

  /**
   * Predicts the digits' test split with the run's model.zip and checks each row against the
   * graph's own {@code output()}, fed as training feeds it, and the accuracy against the run's.
   */
  private void assertPredictsAsItsOwnOutput(Path stage) throws Exception {
    SavedModels.Opened opened = SavedModels.open(stage.toString(), sc.hadoopConfiguration());
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    Dataset<Row> input = PredictionInputs.read(spark, "digits:test",
        new PredictionInputs.Columns("features", null, false), opened.spec(),
        DataCache.fromEnvironment());
    String out = dir.resolve("predictions").toString();

    BatchPrediction.Summary summary = BatchPrediction.write(opened.model(), input, out,
        BatchPrediction.Format.PARQUET);

    Map<Long, Row> predicted = new HashMap<>();
    for (Row row : spark.read().parquet(out).collectAsList()) {
      predicted.put(row.getLong(row.fieldIndex(PredictionInputs.INDEX)), row);
    }
    List<Row> rows = input.collectAsList();
    assertEquals(rows.size(), summary.rows());
    ComputationGraph graph =
        (ComputationGraph) NetworkZips.read(stage.resolve("model.zip").toFile(), false);
    INDArray[] inputs = new INDArray[graph.getNumInputArrays()];
    java.util.Arrays.fill(inputs, features(rows));
    INDArray expected = graph.output(false, inputs)[0];
    for (int i = 0; i < rows.size(); i++) {
      Row scored = predicted.get(rows.get(i).getLong(rows.get(i)
          .fieldIndex(PredictionInputs.INDEX)));
      assertEquals(Nd4j.argMax(expected.getRow(i)).getInt(0),
          scored.getDouble(scored.fieldIndex("prediction")), "row " + i);
      List<Double> probabilities = scored.getList(scored.fieldIndex("probabilities"));
      for (int c = 0; c < 10; c++) {
        assertEquals(expected.getDouble(i, c), probabilities.get(c), 1e-5, "row " + i);
      }
    }
    // Ten classes, chance is 0.1; the run scored the same graph on the same split.
    assertTrue(summary.accuracy() > 0.8, "accuracy " + summary.accuracy());
    Map<?, ?> run = new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(stage.resolve("run.json").toFile(), Map.class);
    assertEquals(((Number) run.get("testAccuracy")).doubleValue(), summary.accuracy(), 1e-9);
  }

  /** Trains {@code model}, a graph over the ten digits, on 2 workers; returns its run. */
  private Path trainGraph(String model) {
    JobSpec spec = SpecReader.parse("""
        name: digits-graph-predict
        data: {source: digits}
        optimizer: {type: adam, learningRate: 0.003}
        training: {epochs: 4, batchSize: 16, workers: 2, averagingFrequency: 2}
        """ + model, "digits-graph-predict");
    TrainResult result = new TrainJob(sc, DataCache.fromEnvironment(),
        new PrintStream(java.io.OutputStream.nullOutputStream())).run(spec,
        dir.resolve("runs").toString());
    return Path.of(java.net.URI.create(result.run().uri()));
  }

  /** The rows' {@code features} vectors as one float batch, as the network reads them. */
  static INDArray features(List<Row> rows) {
    float[][] x = new float[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      Vector v = (Vector) rows.get(i).get(rows.get(i).fieldIndex(PredictionInputs.FEATURES));
      x[i] = new float[v.size()];
      for (int j = 0; j < v.size(); j++) {
        x[i][j] = (float) v.apply(j);
      }
    }
    return Nd4j.createFromArray(x);
  }
}
