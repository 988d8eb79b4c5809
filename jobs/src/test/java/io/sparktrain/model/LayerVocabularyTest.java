package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.AlphaDropout;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The layers beyond dense/conv/pooling: each maps to the DL4J configuration its keys describe
 * and computes what its paper says on a seeded batch.
 */
class LayerVocabularyTest {

  private static final int FEATURES = 6;

  private static JobSpec spec(String layers) {
    return SpecReader.parse("name: t\ndata: {source: iris}\nmodel:\n  layers:\n" + layers
        + "optimizer: {type: sgd, learningRate: 0.5}\n", "test.yaml");
  }

  private static MultiLayerNetwork network(String layers, InputShape input) {
    JobSpec spec = spec(layers);
    MultiLayerNetwork net = new MultiLayerNetwork(
        NetworkFactory.configuration(spec.model(), spec.optimizer(), 7, input));
    net.init();
    return net;
  }

  private static MultiLayerNetwork network(String layers) {
    return network(layers, InputShape.flat(FEATURES));
  }

  private static DataSet batch(int rows, int classes, long seed) {
    Random random = new Random(seed);
    INDArray x = Nd4j.zeros(rows, FEATURES);
    INDArray y = Nd4j.zeros(rows, classes);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < FEATURES; j++) {
        x.putScalar(r, j, 3 + 2 * random.nextGaussian());
      }
      y.putScalar(r, random.nextInt(classes), 1);
    }
    return new DataSet(x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
        y.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
  }

  @Test
  void batchNormTakesItsDecayAndEpsilon() {
    MultiLayerConfiguration conf = NetworkFactory.configuration(spec("""
            - {type: dense, units: 4}
            - {type: batchnorm, decay: 0.99, epsilon: 0.001}
            - {type: batchnorm}
            - {type: output, units: 3}
        """).model(), spec("    - {type: output, units: 3}\n").optimizer(), 1,
        InputShape.flat(FEATURES));
    BatchNormalization given = assertInstanceOf(BatchNormalization.class,
        conf.getConf(1).getLayer());
    assertEquals(0.99, given.getDecay(), 1e-12);
    assertEquals(0.001, given.getEps(), 1e-12);
    BatchNormalization defaults = (BatchNormalization) conf.getConf(2).getLayer();
    assertEquals(0.9, defaults.getDecay(), 1e-12);
    assertEquals(1e-5, defaults.getEps(), 1e-12);
  }

  @Test
  void alphaDropoutKeepsOneMinusItsDropProbability() {
    JobSpec spec = spec("""
            - {type: dense, units: 4, activation: selu}
            - {type: alpha-dropout, dropout: 0.1}
            - {type: output, units: 3}
        """);
    MultiLayerConfiguration conf = NetworkFactory.configuration(spec.model(), spec.optimizer(), 1,
        InputShape.flat(FEATURES));
    DropoutLayer layer = assertInstanceOf(DropoutLayer.class, conf.getConf(1).getLayer());
    assertEquals(0.9, assertInstanceOf(AlphaDropout.class, layer.getIDropout()).getP(), 1e-12);
  }

  @Test
  void layerNormGivesEveryExampleZeroMeanAndUnitVariance() {
    MultiLayerNetwork net = network("""
            - {type: dense, units: 16, activation: identity}
            - {type: layernorm}
            - {type: output, units: 3}
        """);
    INDArray out = net.feedForwardToLayer(1, batch(8, 3, 1).getFeatures()).get(2);
    INDArray mean = out.mean(1);
    INDArray variance = out.var(false, 1);
    for (int r = 0; r < 8; r++) {
      assertEquals(0, mean.getDouble(r), 1e-4);
      assertEquals(1, variance.getDouble(r), 1e-3);
    }
  }

  @Test
  void activationLayerAfterBatchNormAppliesTheNonlinearity() {
    MultiLayerNetwork net = network("""
            - {type: dense, units: 16, activation: identity}
            - {type: batchnorm}
            - {type: activation, activation: relu}
            - {type: output, units: 3}
        """);
    INDArray x = batch(8, 3, 2).getFeatures();
    // DL4J's activation layer works in place, so the normalized values are read on their own.
    INDArray normalized = net.feedForwardToLayer(1, x).get(2).dup();
    assertTrue(normalized.minNumber().doubleValue() < 0, "batch norm output has negatives");
    assertEquals(Transforms.relu(normalized, true), net.feedForwardToLayer(2, x).get(3));
  }

  @Test
  void weightNormComputesGTimesTheUnitDirection() {
    MultiLayerNetwork net = network("""
            - {type: dense, units: 5, activation: tanh, weightNorm: true}
            - {type: output, units: 3}
        """);
    DataSet data = batch(16, 3, 3);
    for (int i = 0; i < 5; i++) {
      net.fit(data);
    }
    INDArray v = net.getParam("0_" + WeightNormDense.DIRECTION);
    INDArray g = net.getParam("0_" + WeightNormDense.LENGTH);
    INDArray b = net.getParam("0_" + WeightNormDense.BIAS);
    INDArray w = v.mulRowVector(g.div(v.norm2(0).reshape(1, 5)));
    INDArray x = data.getFeatures();
    INDArray expected = Transforms.tanh(x.mmul(w).addRowVector(b));
    assertTrue(expected.equalsWithEps(net.feedForwardToLayer(0, x).get(1), 1e-4));
    assertArrayEquals(g.toFloatVector(), w.norm2(0).toFloatVector(), 1e-4f);
  }

  @Test
  void weightNormAndLayerNormReadImagesAsDenseLayersDo() {
    MultiLayerNetwork flat = network("""
            - {type: dense, units: 5, weightNorm: true}
            - {type: layernorm}
            - {type: output, units: 3}
        """, InputShape.image(1, 4, 4));
    assertEquals((16 * 5 + 5 + 5) + (5 + 5) + (5 * 3 + 3), flat.numParams());
    MultiLayerNetwork convolved = network("""
            - {type: conv2d, filters: 2, kernel: [3, 3]}
            - {type: dense, units: 5, weightNorm: true}
            - {type: output, units: 3}
        """, InputShape.image(1, 4, 4));
    INDArray images = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 16);
    assertArrayEquals(new long[] {3, 3}, convolved.output(images).shape());
    assertArrayEquals(new long[] {3, 3}, flat.output(images).shape());
  }

  @Test
  void weightNormLayerSurvivesJson() {
    MultiLayerNetwork net = network("""
            - {type: dense, units: 5, activation: tanh, weightNorm: true}
            - {type: layernorm, epsilon: 0.001}
            - {type: output, units: 3}
        """);
    // The engine's replicas are built from this JSON, and initialised from it alone.
    MultiLayerNetwork copy = new MultiLayerNetwork(
        MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson()));
    copy.init();
    assertEquals(net.numParams(), copy.numParams());
    copy.setParams(net.params().dup());
    INDArray x = batch(4, 3, 4).getFeatures();
    assertEquals(net.output(x), copy.output(x));
  }

  @Test
  void maxNormCapsEveryUnitsIncomingWeights() {
    MultiLayerNetwork net = network("""
            - {type: dense, units: 8, maxNorm: 0.5}
            - {type: output, units: 3, maxNorm: 0.5}
        """);
    DataSet data = batch(32, 3, 5);
    for (int i = 0; i < 20; i++) {
      net.fit(data);
    }
    for (String w : new String[] {"0_W", "1_W"}) {
      double largest = net.getParam(w).norm2(0).maxNumber().doubleValue();
      assertTrue(largest <= 0.5 + 1e-5, w + " unit norm " + largest);
      assertTrue(largest > 0.49, w + " should reach the cap at this learning rate: " + largest);
    }
  }

  @Test
  void textCnnConvolvesWordVectorsAndPoolsOverPositions() {
    InputShape text = InputShape.text(12, new InputShape.Words(30, 8));
    MultiLayerNetwork net = network("""
            - {type: embedding, pretrained: false}
            - {type: conv1d, filters: 6, kernel: [3], maxNorm: 1.0}
            - {type: global-pooling, pooling: max}
            - {type: output, units: 2}
        """, text);
    INDArray ids = Nd4j.createFromArray(new float[][] {
        {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0}, {12, 13, 14, 1, 1, 15, 16, 0, 0, 0, 0, 0}});
    assertArrayEquals(new long[] {2, 2}, net.output(ids).shape());
    // 30 x 8 vectors, 6 filters of width 3 over 8 channels (+ bias), 6 x 2 (+ bias).
    assertEquals(30 * 8 + (6 * 8 * 3 + 6) + (6 * 2 + 2), net.numParams());
    DataSet data = new DataSet(ids, Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}}));
    for (int i = 0; i < 30; i++) {
      net.fit(data);
    }
    INDArray filters = net.getParam("1_W");
    INDArray perFilter = filters.reshape(filters.size(0), -1).norm2(1);
    assertTrue(perFilter.maxNumber().doubleValue() <= 1.0 + 1e-5, "filter norms " + perFilter);
  }
}
