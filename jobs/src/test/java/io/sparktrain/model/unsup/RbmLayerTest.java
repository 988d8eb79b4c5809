package io.sparktrain.model.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparktrain.model.unsup.ContrastiveDivergence.Gradients;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class RbmLayerTest {

  private static final int VISIBLE = 6;
  private static final int HIDDEN = 4;

  /**
   * As the last layer the network's gradient is the CD-k estimate on the layer's input, in the
   * parameter order W, b, vb, and the score is the mean reconstruction error.
   */
  @Test
  void lastLayerGradientIsContrastiveDivergence() {
    MultiLayerNetwork net = network(new RbmLayer(HIDDEN, 2,
        WeightInit.XAVIER.getWeightInitFunction(), List.of()));
    INDArray v = Nd4j.rand(DataType.FLOAT, 5, VISIBLE);
    net.setInput(v);
    net.setLabels(v);
    Nd4j.getRandom().setSeed(7);
    net.computeGradientAndScore();

    Nd4j.getRandom().setSeed(7);
    Gradients expected = ContrastiveDivergence.gradients(v, net.getParam("0_W"),
        net.getParam("0_b"), net.getParam("0_vb"), 2, ContrastiveDivergence.RANDOM);
    assertArrayEquals(expected.weights().ravel().toFloatVector(),
        net.gradient().getGradientFor("0_W").ravel().toFloatVector(), 1e-5f);
    assertArrayEquals(expected.hiddenBias().ravel().toFloatVector(),
        net.gradient().getGradientFor("0_b").ravel().toFloatVector(), 1e-5f);
    assertArrayEquals(expected.visibleBias().ravel().toFloatVector(),
        net.gradient().getGradientFor("0_vb").ravel().toFloatVector(), 1e-5f);
    double error = ContrastiveDivergence.reconstructionErrors(v, net.getParam("0_W"),
        net.getParam("0_b"), net.getParam("0_vb")).meanNumber().doubleValue();
    assertEquals(error, net.score(), 1e-5);
    assertEquals(VISIBLE * HIDDEN + HIDDEN + VISIBLE, net.numParams());
  }

  /** Below a classifier head it backpropagates exactly as a dense sigmoid layer with its W, b. */
  @Test
  void hiddenLayerBackpropagatesAsDenseSigmoid() {
    MultiLayerNetwork rbm = network(new RbmLayer(HIDDEN, 1,
        WeightInit.XAVIER.getWeightInitFunction(), List.of()), head());
    MultiLayerNetwork dense = network(new DenseLayer.Builder().nOut(HIDDEN)
        .activation(Activation.SIGMOID).build(), head());
    dense.getParam("0_W").assign(rbm.getParam("0_W"));
    dense.getParam("0_b").assign(rbm.getParam("0_b"));
    dense.getParam("1_W").assign(rbm.getParam("1_W"));
    dense.getParam("1_b").assign(rbm.getParam("1_b"));
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, VISIBLE);
    INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0, 1).castTo(DataType.FLOAT);

    for (MultiLayerNetwork net : new MultiLayerNetwork[] {rbm, dense}) {
      net.setInput(x);
      net.setLabels(y);
      net.computeGradientAndScore();
    }
    assertArrayEquals(dense.output(x).ravel().toFloatVector(),
        rbm.output(x).ravel().toFloatVector(), 1e-6f);
    for (String key : new String[] {"0_W", "0_b", "1_W", "1_b"}) {
      assertArrayEquals(dense.gradient().getGradientFor(key).ravel().toFloatVector(),
          rbm.gradient().getGradientFor(key).ravel().toFloatVector(), 1e-6f, key);
    }
    assertArrayEquals(new float[VISIBLE],
        rbm.gradient().getGradientFor("0_vb").ravel().toFloatVector());
    assertEquals(dense.score(), rbm.score(), 1e-6);
  }

  /** The layer survives DL4J's JSON round trip (model.zip, checkpoints) with its k. */
  @Test
  void configurationRoundTripsThroughJson() {
    MultiLayerNetwork net = network(new RbmLayer(HIDDEN, 3,
        WeightInit.XAVIER.getWeightInitFunction(),
        List.of(new L2Regularization(1e-4))));
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(
        net.getLayerWiseConfigurations().toJson());
    RbmLayer layer = (RbmLayer) back.getConf(0).getLayer();
    assertEquals(3, layer.gibbsSteps());
    assertEquals(HIDDEN, layer.getNOut());
  }

  private static Layer head() {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
        .activation(Activation.SOFTMAX).build();
  }

  private static MultiLayerNetwork network(Layer... layers) {
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(3)
        .dataType(DataType.FLOAT).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list();
    for (int i = 0; i < layers.length; i++) {
      list.layer(i, layers[i]);
    }
    MultiLayerNetwork net = new MultiLayerNetwork(
        list.setInputType(InputType.feedForward(VISIBLE)).build());
    net.init();
    return net;
  }
}
