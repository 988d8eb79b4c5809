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
import org.junit.jupiter.params.provider.CsvSource;
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

  /**
   * Whether this build runs oneDNN's convolution: exactly when the tests run on an onednn build
   * of nd4j-native (the pom passes its classifier), so that elsewhere every pass is checked to
   * stay on the GEMMs.
   */
  private static boolean onednnBuild() {
    boolean expected = System.getProperty("sparktrain.test.nd4jClassifier", "onednn")
        .contains("onednn");
    assertEquals(expected, OneDnnConvolution.available(), "oneDNN's convolution on this build");
    return expected;
  }

  /**
   * Runs {@code test} with the layer's passes through libnd4j's ops ({@code ops}: oneDNN, in the
   * default build) or its GEMMs ({@code gemm}), and checks that the second layer's last forward
   * and backward passes went where asked; {@code test} ends with a training step.
   */
  private static void onRoute(String route, MultiLayerNetwork gemm, Runnable test) {
    String previous = System.setProperty(OneDnnConvolution.SWITCH,
        String.valueOf("ops".equals(route)));
    try {
      boolean ops = "ops".equals(route) && onednnBuild();
      test.run();
      GemmConvolutionLayer second = (GemmConvolutionLayer) gemm.getLayer(2);
      assertEquals(ops, second.lastForwardByOps(), "route of the last forward pass");
      assertEquals(ops, second.lastBackwardByOps(), "route of the last backward pass");
      gemm.output(batch(2, 16, 30).getFeatures());
      assertEquals(ops, second.lastForwardByOps(), "route of inference");
      assertEquals(ops, ((GemmConvolutionLayer) gemm.getLayer(0)).lastForwardByOps(),
          "route of the first layer's inference");
    } finally {
      System.clearProperty(OneDnnConvolution.SWITCH);
      if (previous != null) {
        System.setProperty(OneDnnConvolution.SWITCH, previous);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"lenet, ops", "stride2same, ops", "padded, ops", "nobias, ops", "lenet, gemm",
      "stride2same, gemm", "padded, gemm", "nobias, gemm"})
  void matchesDl4jForwardBackwardAndSteps(String kind, String route) {
    int size = 16;
    MultiLayerNetwork dl4j = network(kind, false, size, Activation.RELU, MAX);
    MultiLayerNetwork gemm = network(kind, true, size, Activation.RELU, MAX);
    onRoute(route, gemm, () -> matchesDl4j(kind, size, dl4j, gemm));
  }

  private static void matchesDl4j(String kind, int size, MultiLayerNetwork dl4j,
      MultiLayerNetwork gemm) {
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
    gemm.fit(data);
  }

  /**
   * The backward pass does ReLU and the identity itself and hands any other activation, and a
   * ReLU with a threshold or a slope, to ND4J: every one gives DL4J's gradient.
   */
  @ParameterizedTest
  @CsvSource({"identity, ops", "relu, ops", "relu threshold, ops", "leaky relu, ops", "tanh, ops",
      "identity, gemm", "relu, gemm", "relu threshold, gemm", "leaky relu, gemm", "tanh, gemm"})
  void everyActivationsGradientMatchesDl4j(String name, String route) {
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
    onRoute(route, gemm, () -> {
      for (MultiLayerNetwork net : List.of(dl4j, gemm)) {
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.computeGradientAndScore();
      }
      assertEquals(dl4j.score(), gemm.score(), 1e-5, name + " loss");
      assertClose(dl4j.gradient().gradient(), gemm.gradient().gradient(), 1e-4,
          name + " gradient");
    });
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
  @CsvSource({"lenet, ops", "stride2same, ops", "padded, ops", "lenet, gemm",
      "stride2same, gemm", "padded, gemm"})
  void gradientsMatchFiniteDifferences(String kind, String route) {
    // tanh and average pooling: smooth, so that a central difference has no kink to straddle.
    MultiLayerNetwork net = network(kind, true, 16, Activation.TANH,
        SubsamplingLayer.PoolingType.AVG);
    int rows = 3;
    DataSet data = batch(rows, 16, 5);
    // Float network: a large step and a loose tolerance, every third element of the convolutions.
    onRoute(route, net, () -> {
      new GradientCheck(3e-3, 3, 2e-3, 3e-2).assertMatches(net, data,
          List.of("0_W", "0_b", "2_W", "2_b"), kind + " " + route);
      net.setInput(data.getFeatures());
      net.setLabels(data.getLabels());
      net.computeGradientAndScore();
    });
  }

  /**
   * oneDNN's conv2d_bp always computes the input gradient: a first layer that leaves it out, a
   * 1x1 kernel and one or two input channels, where the GEMMs were as fast or faster, stay on the
   * GEMMs in training; inference takes the ops.
   */
  @Test
  void theOpsServeWhereTheyWon() {
    // Whatever -Dsparktrain.conv.onednn the run was given: the rule is under test here.
    Switches.with(OneDnnConvolution.SWITCH, "true", () -> opsServeWhereTheyWon(onednnBuild()));
  }

  private static void opsServeWhereTheyWon(boolean ops) {
    ConvolutionLayer wide = conv("lenet", 4).nIn(6).build();
    ConvolutionLayer pointwise = new ConvolutionLayer.Builder(1, 1).nIn(6).nOut(4).build();
    ConvolutionLayer fromTwo = conv("lenet", 4).nIn(2).build();
    assertEquals(ops, OneDnnConvolution.serves(wide, true, false), "a 5x5 training pass");
    assertTrue(!OneDnnConvolution.serves(wide, true, true), "without the input gradient");
    assertTrue(!OneDnnConvolution.serves(pointwise, true, false), "a 1x1 training pass");
    assertTrue(!OneDnnConvolution.serves(fromTwo, true, false), "two input channels");
    assertEquals(ops, OneDnnConvolution.serves(pointwise, false, false), "inference");
    assertEquals(ops, OneDnnConvolution.serves(fromTwo, false, false), "inference");
    MultiLayerNetwork gemm = network("lenet", true, 16, Activation.RELU, MAX);
    GemmConvolutionLayer first = (GemmConvolutionLayer) gemm.getLayer(0);
    GemmConvolutionLayer second = (GemmConvolutionLayer) gemm.getLayer(2);
    DataSet data = batch(5, 16, 6);
    gemm.setInput(data.getFeatures());
    gemm.setLabels(data.getLabels());
    gemm.computeGradientAndScore();
    assertTrue(!first.lastForwardByOps() && !first.lastBackwardByOps(),
        "the first layer: two input channels");
    assertEquals(ops, second.lastForwardByOps() && second.lastBackwardByOps(),
        "the second layer: six input channels");
    // Six channels, but its input gradient left out (here only to see the route it takes).
    second.skipInputGradient(true);
    try {
      gemm.computeGradientAndScore();
    } finally {
      second.skipInputGradient(false);
    }
    assertTrue(!second.lastForwardByOps() && !second.lastBackwardByOps(),
        "the second layer without its input gradient");
  }

  /**
   * A backward pass on the other route than its forward pass (the switch flipped in between)
   * recomputes what it needs and still gives DL4J's gradients, both ways, for ReLU (whose
   * backward needs the pre-activations) and the identity (whose does not).
   */
  @ParameterizedTest
  @CsvSource({"relu, ops, gemm", "relu, gemm, ops", "identity, ops, gemm", "identity, gemm, ops"})
  void aBackwardPassOnTheOtherRouteMatchesDl4j(String act, String forward, String backward) {
    Activation activation = "relu".equals(act) ? Activation.RELU : Activation.IDENTITY;
    MultiLayerNetwork dl4j = network("lenet", false, 16, activation, MAX);
    MultiLayerNetwork gemm = network("lenet", true, 16, activation, MAX);
    dl4j.initGradientsView();
    gemm.initGradientsView();
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    Nd4j.getRandom().setSeed(8);
    INDArray x = Nd4j.rand(DataType.FLOAT, 5, 6, 6, 6).subi(0.5);
    INDArray eps = Nd4j.rand(DataType.FLOAT, 5, 4, 2, 2).subi(0.5);
    org.deeplearning4j.nn.api.Layer expected = dl4j.getLayer(2);
    expected.setInput(x, none);
    expected.activate(true, none);
    INDArray expectedInputGradient = expected.backpropGradient(eps, none).getSecond();
    GemmConvolutionLayer layer = (GemmConvolutionLayer) gemm.getLayer(2);
    String previous = System.getProperty(OneDnnConvolution.SWITCH);
    try {
      System.setProperty(OneDnnConvolution.SWITCH, String.valueOf("ops".equals(forward)));
      layer.setInput(x, none);
      layer.activate(true, none);
      assertEquals("ops".equals(forward) && onednnBuild(), layer.lastForwardByOps(),
          "forward route");
      System.setProperty(OneDnnConvolution.SWITCH, String.valueOf("ops".equals(backward)));
      INDArray inputGradient = layer.backpropGradient(eps, none).getSecond();
      assertEquals("ops".equals(backward) && onednnBuild(), layer.lastBackwardByOps(),
          "backward route");
      assertClose(expectedInputGradient, inputGradient, 1e-4, "input gradient");
      assertClose(dl4j.getGradientsViewArray(), gemm.getGradientsViewArray(), 1e-4,
          "weight and bias gradients");
    } finally {
      System.clearProperty(OneDnnConvolution.SWITCH);
      if (previous != null) {
        System.setProperty(OneDnnConvolution.SWITCH, previous);
      }
    }
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
    MultiLayerConfiguration dl4j = Switches.with(GemmConvolution.SWITCH, "dl4j",
        () -> NetworkFactory.configuration(lenet.model(), lenet.optimizer(), 1,
            InputShape.image(1, 28, 28)));
    assertEquals(ConvolutionLayer.class, dl4j.getConf(0).getLayer().getClass());
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
