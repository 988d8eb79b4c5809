package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link TiledMaxPooling} against DL4J's own {@link SubsamplingLayer}: the same outputs and input
 * gradients, bit for bit, for windows that tile the image (with ties, as ReLU's zeros make, and
 * with a remainder that Truncate drops), the same fallback where windows overlap or pad, and twin
 * LeNet-style networks that train to the same parameters.
 */
class TiledMaxPoolingTest {

  /** A pooling layer alone, of DL4J or sparktrain, on input of the given depth and size. */
  private static Layer pooling(SubsamplingLayer.Builder builder, boolean tiled, int depth,
      int height, int width) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
        .list()
        .layer(tiled ? new TiledMaxPooling(builder) : builder.build())
        .setInputType(InputType.convolutional(height, width, depth)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net.getLayer(0);
  }

  /** The layer's output and its input gradient for {@code input} and an output gradient. */
  private static float[][] pass(Layer layer, INDArray input, long seed) {
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(input, none);
    INDArray out = layer.activate(true, none).dup();
    Nd4j.getRandom().setSeed(seed);
    INDArray gradOut = Nd4j.randn(DataType.FLOAT, out.shape());
    INDArray gradIn = layer.backpropGradient(gradOut, none).getSecond();
    return new float[][] {flat(out), flat(gradIn)};
  }

  private static float[] flat(INDArray a) {
    return a.dup('c').reshape(a.length()).toFloatVector();
  }

  private static INDArray input(long seed, boolean relu, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.randn(DataType.FLOAT, shape);
    return relu ? Nd4j.nn().relu(x, 0) : x;
  }

  @ParameterizedTest
  @ValueSource(strings = {"lenet", "relu ties", "truncated remainder", "3x2 windows", "same"})
  void tilingWindowsGiveDl4jsOutputsAndGradientsExactly(String kind) {
    SubsamplingLayer.Builder builder = new SubsamplingLayer.Builder(
        SubsamplingLayer.PoolingType.MAX);
    INDArray x;
    switch (kind) {
      case "lenet" -> {
        builder.kernelSize(2, 2).stride(2, 2);
        x = input(1, false, 16, 20, 24, 24);
      }
      case "relu ties" -> {
        builder.kernelSize(2, 2).stride(2, 2);
        x = input(2, true, 8, 5, 8, 8);
      }
      case "truncated remainder" -> {
        builder.kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Truncate);
        x = input(3, false, 4, 3, 9, 7);
      }
      case "3x2 windows" -> {
        builder.kernelSize(3, 2).stride(3, 2);
        x = input(4, true, 4, 3, 9, 8);
      }
      case "same" -> {
        builder.kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Same);
        x = input(5, false, 4, 3, 6, 10);
      }
      default -> throw new IllegalArgumentException(kind);
    }
    int depth = (int) x.size(1);
    int h = (int) x.size(2);
    int w = (int) x.size(3);
    float[][] dl4j = pass(pooling(builder, false, depth, h, w), x, 9);
    float[][] tiled = pass(pooling(builder, true, depth, h, w), x, 9);

    assertArrayEquals(dl4j[0], tiled[0], kind + ": outputs");
    assertArrayEquals(dl4j[1], tiled[1], kind + ": input gradients");
  }

  @Test
  void aViewForInputAndABackwardWithoutItsForwardGiveTheSame() {
    SubsamplingLayer.Builder builder = new SubsamplingLayer.Builder(
        SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2);
    // Channels first by permutation: a view that is not 'c'-contiguous.
    INDArray x = input(6, false, 4, 8, 8, 3).permute(0, 3, 1, 2);
    float[][] dl4j = pass(pooling(builder, false, 3, 8, 8), x, 10);
    float[][] tiled = pass(pooling(builder, true, 3, 8, 8), x, 10);
    assertArrayEquals(dl4j[0], tiled[0]);
    assertArrayEquals(dl4j[1], tiled[1]);

    // An inference pass keeps no winners: the backward pass that follows finds them again.
    Layer layer = pooling(builder, true, 3, 8, 8);
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(x, none);
    layer.activate(false, none);
    Nd4j.getRandom().setSeed(10);
    INDArray gradOut = Nd4j.randn(DataType.FLOAT, 4, 3, 4, 4);
    assertArrayEquals(dl4j[1], flat(layer.backpropGradient(gradOut, none).getSecond()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlapping", "padded", "average"})
  void windowsThatDoNotTileFallBackToDl4j(String kind) {
    SubsamplingLayer.Builder builder = switch (kind) {
      case "overlapping" -> new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
          .kernelSize(3, 3).stride(2, 2);
      case "padded" -> new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
          .kernelSize(2, 2).stride(2, 2).padding(1, 1);
      case "average" -> new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
          .kernelSize(2, 2).stride(2, 2);
      default -> throw new IllegalArgumentException(kind);
    };
    INDArray x = input(7, false, 4, 3, 9, 9);
    float[][] dl4j = pass(pooling(builder, false, 3, 9, 9), x, 11);
    float[][] tiled = pass(pooling(builder, true, 3, 9, 9), x, 11);
    assertArrayEquals(dl4j[0], tiled[0]);
    assertArrayEquals(dl4j[1], tiled[1]);
  }

  /** conv 5x5x6 - maxpool 2 - conv 3x3x4 - maxpool 2 - softmax, with either pooling. */
  private static MultiLayerNetwork lenet(boolean tiled) {
    SubsamplingLayer.Builder pool = new SubsamplingLayer.Builder(
        SubsamplingLayer.PoolingType.MAX, new int[] {2, 2}, new int[] {2, 2});
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3)
        .dataType(DataType.FLOAT).updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list()
        .layer(new GemmConvolution(new ConvolutionLayer.Builder(5, 5).nOut(6)
            .activation(Activation.RELU)))
        .layer(tiled ? new TiledMaxPooling(pool) : pool.build())
        .layer(new GemmConvolution(new ConvolutionLayer.Builder(3, 3).nOut(4)
            .activation(Activation.RELU)))
        .layer(tiled ? new TiledMaxPooling(pool) : pool.build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutionalFlat(20, 20, 1)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  @Test
  void twinNetworksTrainToTheSameParametersAndTheConfigurationRoundTrips() {
    MultiLayerNetwork dl4j = lenet(false);
    MultiLayerNetwork tiled = lenet(true);
    assertInstanceOf(TiledMaxPoolingLayer.class, tiled.getLayer(1));
    INDArray start = tiled.params().dup();
    for (int step = 0; step < 5; step++) {
      Nd4j.getRandom().setSeed(100 + step);
      INDArray x = Nd4j.rand(DataType.FLOAT, 16, 400);
      INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 3);
      for (int r = 0; r < 16; r++) {
        y.putScalar(r, r % 3, 1f);
      }
      dl4j.fit(new DataSet(x, y));
      tiled.fit(new DataSet(x, y));
      // Inference on a larger batch between steps, in the arrays the thread's layers share.
      INDArray evaluation = Nd4j.rand(DataType.FLOAT, 48, 400);
      assertArrayEquals(dl4j.output(evaluation).ravel().toFloatVector(),
          tiled.output(evaluation).ravel().toFloatVector(), 1e-6f, "inference after " + step);
    }
    assertNotEquals(start, tiled.params(), "the network trained");
    assertArrayEquals(dl4j.params().toFloatVector(), tiled.params().toFloatVector(), 1e-6f);

    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(
        tiled.getLayerWiseConfigurations().toJson());
    assertEquals(TiledMaxPooling.class, back.getConf(1).getLayer().getClass());
  }
}
