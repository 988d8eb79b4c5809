package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.buffer.util.DataTypeUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.activations.Activation;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The highway, patch-embedding and gMLP layers against their papers' formulas computed by hand
 * (loops over plain doubles) on tiny seeded cases with random parameters.
 */
class BlockLayersTest {

  private static MultiLayerNetwork network(String layers, InputShape input) {
    JobSpec spec = SpecReader.parse("name: t\ndata: {source: mnist}\nmodel:\n  layers:\n" + layers
        + "optimizer: {type: sgd, learningRate: 0.1}\n", "test.yaml");
    MultiLayerNetwork net = new MultiLayerNetwork(
        NetworkFactory.configuration(spec.model(), spec.optimizer(), 7, input));
    net.init();
    return net;
  }

  private static INDArray randomParam(MultiLayerNetwork net, String name, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray value = Nd4j.randn(DataType.FLOAT, net.getParam(name).shape()).muli(0.5);
    // In place: a SameDiff layer computes with views of the flat vector, which setParam replaces.
    net.getParam(name).assign(value);
    return value;
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  @Test
  void highwayMixesTransformAndCarryByItsGate() {
    MultiLayerNetwork net = network("""
            - {type: highway, activation: tanh}
            - {type: output, units: 3}
        """, InputShape.flat(4));
    assertEquals(Highway.GATE_BIAS, net.getParam("0_" + Highway.GATE).getDouble(0), 1e-6);
    INDArray w = randomParam(net, "0_" + Highway.WEIGHTS, 1);
    INDArray b = randomParam(net, "0_" + Highway.BIAS, 2);
    INDArray wt = randomParam(net, "0_" + Highway.GATE_WEIGHTS, 3);
    INDArray bt = randomParam(net, "0_" + Highway.GATE, 4);
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.randn(DataType.FLOAT, 5, 4);
    INDArray y = net.feedForwardToLayer(0, x).get(1);
    for (int r = 0; r < 5; r++) {
      for (int j = 0; j < 4; j++) {
        double h = b.getDouble(0, j);
        double t = bt.getDouble(0, j);
        for (int i = 0; i < 4; i++) {
          h += x.getDouble(r, i) * w.getDouble(i, j);
          t += x.getDouble(r, i) * wt.getDouble(i, j);
        }
        double gate = sigmoid(t);
        double expected = Math.tanh(h) * gate + x.getDouble(r, j) * (1 - gate);
        assertEquals(expected, y.getDouble(r, j), 1e-5, "row " + r + " unit " + j);
      }
    }
  }

  @Test
  void patchEmbeddingProjectsEachPatchInRowMajorOrder() {
    MultiLayerNetwork net = network("""
            - {type: patch-embedding, units: 3, kernel: [2, 2]}
            - {type: global-pooling, pooling: avg}
            - {type: output, units: 3}
        """, InputShape.image(2, 4, 6));
    INDArray w = net.getParam("0_" + PatchEmbedding.WEIGHTS);
    INDArray b = randomParam(net, "0_" + PatchEmbedding.BIAS, 1);
    assertArrayEquals(new long[] {2 * 2 * 2, 3}, w.shape());
    Nd4j.getRandom().setSeed(2);
    INDArray x = Nd4j.randn(DataType.FLOAT, 2, 2 * 4 * 6);
    INDArray y = net.feedForwardToLayer(0, x).get(1);
    assertArrayEquals(new long[] {2, 3, 6}, y.shape());
    for (int n = 0; n < 2; n++) {
      for (int patch = 0; patch < 6; patch++) {
        int top = 2 * (patch / 3);
        int left = 2 * (patch % 3);
        for (int c = 0; c < 3; c++) {
          double expected = b.getDouble(0, c);
          for (int ch = 0; ch < 2; ch++) {
            for (int r = 0; r < 2; r++) {
              for (int col = 0; col < 2; col++) {
                double pixel = x.getDouble(n, ch * 24 + (top + r) * 6 + left + col);
                expected += pixel * w.getDouble((ch * 2 + r) * 2 + col, c);
              }
            }
          }
          assertEquals(expected, y.getDouble(n, c, patch), 1e-5, n + "/" + patch + "/" + c);
        }
      }
    }
  }

  @Test
  void gmlpBlockGatesWithAProjectionAcrossPatches() {
    MultiLayerNetwork net = network("""
            - {type: patch-embedding, units: 3, kernel: [2, 2]}
            - {type: gmlp, units: 8}
            - {type: global-pooling, pooling: avg}
            - {type: output, units: 3}
        """, InputShape.image(1, 4, 4));
    assertEquals(1.0, net.getParam("1_" + GmlpBlock.SPATIAL_BIAS).minNumber().doubleValue(), 0);
    assertTrue(net.getParam("1_" + GmlpBlock.SPATIAL).amaxNumber().doubleValue() < 0.01);
    String[] names = {GmlpBlock.NORM_GAIN, GmlpBlock.NORM_BIAS, GmlpBlock.UP, GmlpBlock.UP_BIAS,
        GmlpBlock.GATE_GAIN, GmlpBlock.GATE_BIAS, GmlpBlock.SPATIAL, GmlpBlock.SPATIAL_BIAS,
        GmlpBlock.DOWN, GmlpBlock.DOWN_BIAS};
    INDArray[] p = new INDArray[names.length];
    for (int i = 0; i < names.length; i++) {
      p[i] = randomParam(net, "1_" + names[i], 10 + i);
    }
    Nd4j.getRandom().setSeed(3);
    INDArray images = Nd4j.randn(DataType.FLOAT, 2, 16);
    INDArray x = net.feedForwardToLayer(0, images).get(1);
    INDArray y = net.feedForwardToLayer(1, images).get(2);
    double[][][] expected = HandGmlp.block(x, p, 1e-5);
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        for (int patch = 0; patch < 4; patch++) {
          assertEquals(expected[n][c][patch], y.getDouble(n, c, patch), 1e-4,
              n + "/" + c + "/" + patch);
        }
      }
    }
  }

  @Test
  void blockLayersSurviveJsonAsTheEnginesReplicasNeed() {
    MultiLayerNetwork net = network("""
            - {type: patch-embedding, units: 4, kernel: [2, 2]}
            - {type: gmlp, units: 6}
            - {type: global-pooling, pooling: avg}
            - {type: dense, units: 5}
            - {type: highway}
            - {type: output, units: 3}
        """, InputShape.image(1, 4, 4));
    MultiLayerNetwork copy = new MultiLayerNetwork(
        MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson()));
    copy.init();
    copy.setParams(net.params().dup());
    INDArray x = Nd4j.rand(DataType.FLOAT, 3, 16);
    assertEquals(net.output(x), copy.output(x));
  }

  @Test
  void deepHighwayStackLearnsASeededBatch() {
    StringBuilder layers = new StringBuilder("    - {type: dense, units: 16}\n");
    for (int i = 0; i < 20; i++) {
      layers.append("    - {type: highway}\n");
    }
    MultiLayerNetwork net = network(layers + "    - {type: output, units: 3}\n",
        InputShape.flat(6));
    Nd4j.getRandom().setSeed(9);
    INDArray x = Nd4j.rand(DataType.FLOAT, 32, 6);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 3);
    for (int r = 0; r < 32; r++) {
      y.putScalar(r, x.getDouble(r, 0) > 0.5 ? 0 : x.getDouble(r, 1) > 0.5 ? 1 : 2, 1);
    }
    DataSet data = new DataSet(x, y);
    double first = net.score(data);
    for (int i = 0; i < 30; i++) {
      net.fit(data);
    }
    assertTrue(net.score() < first, first + " -> " + net.score());
  }
}
