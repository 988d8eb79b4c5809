package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link GemmConvolution} against DL4J's own {@link ConvolutionLayer} on twin networks (same
 * seed, so the same initial parameters): activations, every gradient and the parameters after
 * Adam steps agree to float tolerance, for LeNet's shapes and for strides, SAME padding and
 * explicit padding; and the gradients against central differences of the loss.
 */
class GemmConvolutionTest {

  private static final SubsamplingLayer.PoolingType MAX = SubsamplingLayer.PoolingType.MAX;

  /** Kernel, stride, padding and mode of the convolutions under test, by name. */
  private static ConvolutionLayer.Builder conv(String kind, int filters) {
    ConvolutionLayer.Builder b = switch (kind) {
      case "lenet" -> new ConvolutionLayer.Builder(5, 5);
      case "stride2same" -> new ConvolutionLayer.Builder(3, 3).stride(2, 2)
          .convolutionMode(ConvolutionMode.Same);
      case "padded" -> new ConvolutionLayer.Builder(3, 2).stride(1, 2).padding(1, 2)
          .convolutionMode(ConvolutionMode.Truncate);
      case "nobias" -> new ConvolutionLayer.Builder(3, 3).hasBias(false);
      default -> throw new IllegalArgumentException(kind);
    };
    return b.nOut(filters).activation(Activation.RELU).weightInit(WeightInit.XAVIER);
  }

  /** conv(kind, 6) - maxpool 2 - conv(kind, 4) - softmax: DL4J's convs or sparktrain's. */
  private static MultiLayerNetwork network(String kind, boolean gemm, int size, Activation act,
      SubsamplingLayer.PoolingType pooling) {
    return network(kind, gemm, size, b -> b.activation(act), pooling);
  }

  private static MultiLayerNetwork network(String kind, boolean gemm, int size,
      UnaryOperator<ConvolutionLayer.Builder> withAct, SubsamplingLayer.PoolingType pooling) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11)
        .dataType(DataType.FLOAT).updater(new Adam(0.01)).list()
        .layer(make(withAct.apply(conv(kind, 6)), gemm))
        .layer(new SubsamplingLayer.Builder(pooling, new int[] {2, 2}, new int[] {2, 2}).build())
        .layer(make(withAct.apply(conv(kind, 4)), gemm))
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutionalFlat(size, size, 2)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static Layer make(ConvolutionLayer.Builder builder, boolean gemm) {
    return gemm ? new GemmConvolution(builder) : builder.build();
  }

  private static DataSet batch(int rows, int size, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.rand(DataType.FLOAT, rows, 2 * size * size).subi(0.3);
    INDArray y = Nd4j.zeros(DataType.FLOAT, rows, 3);
    for (int r = 0; r < rows; r++) {
      y.putScalar(r, (r * 7 + seed) % 3, 1f);
    }
    return new DataSet(x, y);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lenet", "stride2same", "padded", "nobias"})
  void matchesDl4jForwardBackwardAndSteps(String kind) {
    int size = 16;
    MultiLayerNetwork dl4j = network(kind, false, size, Activation.RELU, MAX);
    MultiLayerNetwork gemm = network(kind, true, size, Activation.RELU, MAX);
    assertInstanceOf(GemmConvolutionLayer.class, gemm.getLayer(0));
    assertEquals(dl4j.params(), gemm.params(), "same initial parameters, same layout");
    DataSet data = batch(5, size, 1);
    List<INDArray> a = dl4j.feedForward(data.getFeatures(), true);
    List<INDArray> b = gemm.feedForward(data.getFeatures(), true);
    for (int i = 0; i < a.size(); i++) {
      assertClose(a.get(i), b.get(i), 1e-5, "activations of layer " + (i - 1));
    }
    for (MultiLayerNetwork net : List.of(dl4j, gemm)) {
      net.setInput(data.getFeatures());
      net.setLabels(data.getLabels());
      net.computeGradientAndScore();
    }
    assertEquals(dl4j.score(), gemm.score(), 1e-5);
    assertClose(dl4j.gradient().gradient(), gemm.gradient().gradient(), 1e-4, "gradient");
    for (int step = 0; step < 4; step++) {
      // A short last batch: the layer's buffers follow the batch size.
      DataSet next = batch(step == 3 ? 3 : 5, size, 2 + step);
      dl4j.fit(next);
      gemm.fit(next);
      assertClose(dl4j.params(), gemm.params(), 1e-4, "parameters after step " + step);
      // Evaluation between steps, on a larger batch: inference works in the thread's shared
      // buffers, which both convolutions reuse, and must leave the training ones alone.
      DataSet evaluation = batch(9, size, 20 + step);
      assertClose(dl4j.output(evaluation.getFeatures()), gemm.output(evaluation.getFeatures()),
          1e-5, "inference output after step " + step);
    }
    assertClose(dl4j.output(data.getFeatures()), gemm.output(data.getFeatures()), 1e-5,
        "inference output");
  }

  /**
   * The backward pass does ReLU and the identity itself and hands any other activation, and a
   * ReLU with a threshold or a slope, to ND4J: every one gives DL4J's gradient.
   */
  @ParameterizedTest
  @ValueSource(strings = {"identity", "relu", "relu threshold", "leaky relu", "tanh"})
  void everyActivationsGradientMatchesDl4j(String name) {
    IActivation activation = switch (name) {
      case "identity" -> new ActivationIdentity();
      case "relu" -> new ActivationReLU();
      case "relu threshold" -> new ActivationReLU(null, 0.05, null);
      case "leaky relu" -> new ActivationLReLU(0.1);
      case "tanh" -> new ActivationTanH();
      default -> throw new IllegalArgumentException(name);
    };
    MultiLayerNetwork dl4j = network("lenet", false, 16, b -> b.activation(activation), MAX);
    MultiLayerNetwork gemm = network("lenet", true, 16, b -> b.activation(activation), MAX);
    DataSet data = batch(5, 16, 3);
    for (MultiLayerNetwork net : List.of(dl4j, gemm)) {
      net.setInput(data.getFeatures());
      net.setLabels(data.getLabels());
      net.computeGradientAndScore();
    }
    assertEquals(dl4j.score(), gemm.score(), 1e-5, name + " loss");
    assertClose(dl4j.gradient().gradient(), gemm.gradient().gradient(), 1e-4,
        name + " gradient");
  }

  @Test
  void aPermutedInputIsReadInTheOrderItsShapeSays() {
    MultiLayerNetwork dl4j = network("lenet", false, 16, Activation.RELU, MAX);
    MultiLayerNetwork gemm = network("lenet", true, 16, Activation.RELU, MAX);
    Nd4j.getRandom().setSeed(4);
    // Channels last permuted to channels first: flagged 'c', owns its buffer, not in 'c' order.
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, 16, 16, 2).permute(0, 3, 1, 2);
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    dl4j.getLayer(0).setInput(x, none);
    gemm.getLayer(0).setInput(x, none);
    assertClose(dl4j.getLayer(0).activate(true, none), gemm.getLayer(0).activate(true, none),
        1e-5, "activations of a permuted input");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lenet", "stride2same", "padded"})
  void gradientsMatchFiniteDifferences(String kind) {
    // tanh and average pooling: smooth, so that a central difference has no kink to straddle.
    MultiLayerNetwork net = network(kind, true, 16, Activation.TANH,
        SubsamplingLayer.PoolingType.AVG);
    int rows = 3;
    DataSet data = batch(rows, 16, 5);
    // Float network: a large step and a loose tolerance, every third element of the convolutions.
    new GradientCheck(3e-3, 3, 2e-3, 3e-2).assertMatches(net, data,
        List.of("0_W", "0_b", "2_W", "2_b"), kind);
  }

  @Test
  void specConv2dIsGemmUnlessSwitchedToDl4j() {
    JobSpec lenet = SpecReader.read(Path.of("..", "benchmarks", "mnist-lenet.yaml"));
    MultiLayerConfiguration gemm = NetworkFactory.configuration(lenet.model(), lenet.optimizer(),
        1, InputShape.image(1, 28, 28));
    assertInstanceOf(GemmConvolution.class, gemm.getConf(0).getLayer());
    MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(gemm.toJson());
    assertInstanceOf(GemmConvolution.class, restored.getConf(2).getLayer());
    assertEquals(gemm, restored);
    String previous = System.setProperty(GemmConvolution.SWITCH, "dl4j");
    try {
      MultiLayerConfiguration dl4j = NetworkFactory.configuration(lenet.model(),
          lenet.optimizer(), 1, InputShape.image(1, 28, 28));
      assertEquals(ConvolutionLayer.class, dl4j.getConf(0).getLayer().getClass());
    } finally {
      System.clearProperty(GemmConvolution.SWITCH);
      if (previous != null) {
        System.setProperty(GemmConvolution.SWITCH, previous);
      }
    }
  }

  private static void assertClose(INDArray expected, INDArray actual, double tolerance,
      String what) {
    assertEquals(List.of(expected.shape().length), List.of(actual.shape().length), what);
    assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()), what + ": shapes");
    double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
    double difference = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(difference <= tolerance * scale,
        what + ": largest difference " + difference + " (scale " + scale + ")");
  }
}
