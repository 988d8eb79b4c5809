package io.sparktrain.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Example;
import io.sparktrain.spec.SpecException;
import io.sparktrain.train.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The Parquet written on local[2] against the same network's activations computed locally, plus
 * the layer validation and the atomic, replacing write.
 */
class FeatureExtractorTest {

  private static final int INPUTS = 4;
  private static final int HIDDEN = 8;
  private static final int CLASSES = 3;
  private static JavaSparkContext sc;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("FeatureExtractorTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void writesEachExamplesLayerActivationsWithIndexAndLabel() {
    MultiLayerNetwork network = network();
    List<Example> examples = examples(11);
    String out = dir.resolve("features").toString();

    long written = FeatureExtractor.write(sc, network, 0, sc.parallelize(examples, 2), out);

    Dataset<Row> read = spark().read().parquet(out);
    assertEquals(11, written);
    assertEquals(11, read.count());
    assertEquals(FeatureExtractor.SCHEMA.simpleString(), read.schema().simpleString());
    Map<Long, Row> byIndex = new HashMap<>();
    for (Row row : read.collectAsList()) {
      byIndex.put(row.getLong(0), row);
    }
    for (Example e : examples) {
      Row row = byIndex.get(e.index());
      assertEquals(e.label(), row.getInt(1), "label of " + e.index());
      assertArrayEquals(localActivations(network, 0, e), floats(row.getList(2)), 1e-6f,
          "features of " + e.index());
    }
    assertEquals(List.of("features"), siblings());
  }

  @Test
  void rejectsLayerOutOfRangeAndWritesNothing() {
    String out = dir.resolve("features").toString();
    JavaRDD<Example> data = sc.parallelize(examples(4), 2);

    SpecException e = assertThrows(SpecException.class,
        () -> FeatureExtractor.write(sc, network(), 2, data, out));

    assertTrue(e.problems().get(0).contains("[0, 1]"), e.getMessage());
    assertThrows(SpecException.class, () -> FeatureExtractor.write(sc, network(), -1, data, out));
    assertEquals(List.of(), siblings());
  }

  @Test
  void replacesAnExistingOutput() {
    MultiLayerNetwork network = network();
    String out = dir.resolve("features").toString();
    FeatureExtractor.write(sc, network, 0, sc.parallelize(examples(6), 2), out);

    long written = FeatureExtractor.write(sc, network, 1, sc.parallelize(examples(5), 2), out);

    List<Row> rows = spark().read().parquet(out).collectAsList();
    assertEquals(5, written);
    assertEquals(5, rows.size());
    for (Row row : rows) {
      assertEquals(CLASSES, row.getList(2).size());
    }
    assertEquals(List.of("features"), siblings());
  }

  @Test
  void failedWriteKeepsTheExistingOutputAndLeavesNoTemporary() {
    MultiLayerNetwork network = network();
    String out = dir.resolve("features").toString();
    FeatureExtractor.write(sc, network, 0, sc.parallelize(examples(6), 2), out);
    List<Example> broken = new ArrayList<>(examples(5));
    broken.add(new Example(999, new float[INPUTS + 1], 0));

    Exception e = assertThrows(Exception.class,
        () -> FeatureExtractor.write(sc, network, 0, sc.parallelize(broken, 2), out));

    assertTrue(e.getMessage().contains("example 999: has 5 features"), e.getMessage());
    assertEquals(6, spark().read().parquet(out).count());
    assertEquals(List.of("features"), siblings());
  }

  @Test
  void resolvesLayersByIndexOrName() {
    MultiLayerNetwork network = network();
    assertEquals(1, StageNetworks.layerIndex(network, "1", "layer"));
    assertEquals(0, StageNetworks.layerIndex(network, "hidden", "layer"));
    assertEquals(1, StageNetworks.layerIndex(network, "layer1", "layer"));
    SpecException e = assertThrows(SpecException.class,
        () -> StageNetworks.layerIndex(network, "2", "layer"));
    assertTrue(e.getMessage().contains("0..1: hidden, layer1"), e.getMessage());
    assertThrows(SpecException.class, () -> StageNetworks.layerIndex(network, "output", "layer"));
  }

  /** 4-8-3, the hidden layer named, the output layer with DL4J's default name. */
  private static MultiLayerNetwork network() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(42)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .list()
        .layer(new DenseLayer.Builder().name("hidden").nIn(INPUTS).nOut(HIDDEN)
            .activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nIn(HIDDEN).nOut(CLASSES).activation(Activation.SOFTMAX).build())
        .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }

  /** Indices start at 100 so that a row matched by position rather than index would fail. */
  private static List<Example> examples(int count) {
    Random random = new Random(3);
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] x = new float[INPUTS];
      for (int j = 0; j < INPUTS; j++) {
        x[j] = (float) random.nextGaussian();
      }
      examples.add(new Example(100 + i, x, random.nextInt(CLASSES)));
    }
    return examples;
  }

  private static float[] localActivations(MultiLayerNetwork network, int layer, Example e) {
    INDArray x = Nd4j.create(e.features(), new long[] {1, INPUTS}, 'c');
    return network.feedForwardToLayer(layer, x, false).get(layer + 1).toFloatVector();
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static SparkSession spark() {
    return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
  }

  /** What the temporary directory holds: the output and any temporary or moved-aside sibling. */
  private List<String> siblings() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
          .sorted().toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
