package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link FusedBatchNormalization} against DL4J's own {@link BatchNormalization}: outputs in
 * training and inference, the input gradient and every parameter's gradient (the running
 * statistics' in both of DL4J's forms) for images and for feature rows; DL4J's code where the
 * fused path does not go, and for a backward pass after inference; twin ResNet-20s that train
 * alike; the configuration's JSON.
 */
class FusedBatchNormalizationTest {

  /** A batch normalisation alone, DL4J's or sparktrain's, its parameters set from a seed. */
  private static Layer layer(BatchNormalization dl4j, boolean fused, InputType input, long seed) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
        .list()
        .layer(fused ? new FusedBatchNormalization(dl4j) : dl4j)
        .setInputType(input).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    net.initGradientsView();
    Layer layer = net.getLayer(0);
    Nd4j.getRandom().setSeed(seed);
    for (var entry : layer.paramTable().entrySet()) {
      INDArray values = Nd4j.rand(DataType.FLOAT, entry.getValue().shape());
      switch (entry.getKey()) {
        case "gamma" -> values.muli(1.5).addi(0.25);
        case "beta", "mean" -> values.subi(0.5).muli(2);
        case "log10stdev" -> values.subi(0.5).muli(0.6);
        case "var" -> values.muli(2).addi(0.1);
        default -> throw new IllegalStateException(entry.getKey());
      }
      entry.getValue().assign(values);
    }
    return layer;
  }

  /** Output, input gradient and each parameter's gradient (in the param table's order). */
  private static List<float[]> pass(Layer layer, INDArray input, boolean training, long seed) {
    return pass(layer, input, training, training, seed, 'c');
  }

  /**
   * The output of a forward pass in {@code training} mode and, when {@code backward}, the
   * gradients of a backward pass after it, from an output gradient in {@code order}.
   */
  private static List<float[]> pass(Layer layer, INDArray input, boolean training,
      boolean backward, long seed, char order) {
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(input, none);
    INDArray out = layer.activate(training, none).dup();
    List<float[]> result = new ArrayList<>();
    result.add(out.ravel().toFloatVector());
    if (!backward) {
      return result;
    }
    Nd4j.getRandom().setSeed(seed);
    INDArray gradOut = Nd4j.randn(DataType.FLOAT, out.shape()).dup(order);
    var pair = layer.backpropGradient(gradOut, none);
    result.add(pair.getSecond().dup().ravel().toFloatVector());
    Gradient gradient = pair.getFirst();
    for (String name : layer.paramTable().keySet()) {
      result.add(gradient.getGradientFor(name).dup().ravel().toFloatVector());
    }
    return result;
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (boolean logStd : new boolean[] {true, false}) {
      all.add(Arguments.of("images", logStd, InputType.convolutional(5, 7, 3),
          new long[] {6, 3, 5, 7}));
      all.add(Arguments.of("rows", logStd, InputType.feedForward(4), new long[] {9, 4}));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}, log std {1}")
  @MethodSource("cases")
  void matchesDl4jsLayer(String what, boolean logStd, InputType type, long[] shape) {
    BatchNormalization conf = new BatchNormalization.Builder().useLogStd(logStd).decay(0.8)
        .eps(1e-3).build();
    Layer dl4j = layer(conf, false, type, 11);
    Layer fused = layer(conf, true, type, 11);
    assertInstanceOf(FusedBatchNormalizationLayer.class, fused);
    Nd4j.getRandom().setSeed(5);
    // Off-centre and spread, so that the statistics are far from the running ones.
    INDArray input = Nd4j.randn(DataType.FLOAT, shape).muli(2.5).addi(1.5);
    for (boolean training : new boolean[] {true, false}) {
      List<float[]> expected = pass(dl4j, input, training, 9);
      List<float[]> actual = pass(fused, input, training, 9);
      String[] names = names(dl4j);
      for (int k = 0; k < expected.size(); k++) {
        assertClose(expected.get(k), actual.get(k), what + (training ? " training " : " inference ")
            + names[k]);
      }
    }
  }

  private static String[] names(Layer layer) {
    List<String> names = new ArrayList<>(List.of("output", "input gradient"));
    layer.paramTable().keySet().forEach(name -> names.add(name + " gradient"));
    return names.toArray(String[]::new);
  }

  /**
   * A backward pass after an inference pass, as {@code FrozenLayerWithBackprop} makes one: DL4J
   * computes it with the running statistics, and so must sparktrain's layer. Inputs and output
   * gradients in 'f' order, as a dense layer hands them on, for the rows.
   */
  @Test
  void aBackwardPassAfterInferenceIsDl4jsAndFOrderIsRead() {
    BatchNormalization conf = new BatchNormalization.Builder().decay(0.8).build();
    for (boolean images : new boolean[] {true, false}) {
      InputType type = images ? InputType.convolutional(5, 7, 3) : InputType.feedForward(4);
      Nd4j.getRandom().setSeed(6);
      INDArray input = images ? Nd4j.randn(DataType.FLOAT, 6, 3, 5, 7).addi(1)
          : Nd4j.randn(DataType.FLOAT, 9, 4).addi(1).dup('f');
      char order = images ? 'c' : 'f';
      for (boolean training : new boolean[] {false, true}) {
        List<float[]> expected = pass(layer(conf, false, type, 12), input, training, true, 8,
            order);
        List<float[]> actual = pass(layer(conf, true, type, 12), input, training, true, 8,
            order);
        String[] names = names(layer(conf, false, type, 12));
        for (int k = 0; k < expected.size(); k++) {
          assertClose(expected.get(k), actual.get(k), (images ? "images" : "rows 'f'")
              + (training ? ", training: " : ", after inference: ") + names[k]);
        }
      }
    }
  }

  /** NHWC and fixed gamma and beta are DL4J's code in sparktrain's layer: the same floats. */
  @Test
  void fallsBackToDl4jWhereItDoesNotGo() {
    BatchNormalization nhwc = new BatchNormalization.Builder().dataFormat(CNN2DFormat.NHWC)
        .build();
    INDArray images = Nd4j.rand(DataType.FLOAT, 2, 4, 5, 3);
    InputType nhwcType = InputType.convolutional(4, 5, 3, CNN2DFormat.NHWC);
    assertSame(pass(layer(nhwc, false, nhwcType, 3), images, true, 4),
        pass(layer(nhwc, true, nhwcType, 3), images, true, 4), "NHWC");
    BatchNormalization locked = new BatchNormalization.Builder().lockGammaBeta(true).build();
    INDArray rows = Nd4j.rand(DataType.FLOAT, 5, 4);
    assertSame(pass(layer(locked, false, InputType.feedForward(4), 3), rows, true, 4),
        pass(layer(locked, true, InputType.feedForward(4), 3), rows, true, 4), "locked");
  }

  private static void assertSame(List<float[]> expected, List<float[]> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int k = 0; k < expected.size(); k++) {
      assertTrue(java.util.Arrays.equals(expected.get(k), actual.get(k)), what + " part " + k);
    }
  }

  /**
   * conf/models/resnet-20.yaml (19 batch normalisations) built twice, DL4J's and sparktrain's,
   * trained for four SGD steps on the same batches: the same losses, parameters (running
   * statistics included) and inference outputs. SGD, not the spec's Adam, whose division by the
   * root of tiny second moments makes last-bit differences grow.
   */
  @Test
  void twinResNetsTrainAlike() {
    JobSpec resnet = SpecReader.read(Path.of("..", "conf", "models", "resnet-20.yaml"));
    ComputationGraph dl4j = resnet(resnet, "dl4j");
    ComputationGraph fused = resnet(resnet, "fused");
    assertInstanceOf(FusedBatchNormalizationLayer.class, fused.getLayer("stem-bn"));
    assertEquals(org.deeplearning4j.nn.layers.normalization.BatchNormalization.class,
        dl4j.getLayer("stem-bn").getClass());
    Nd4j.getRandom().setSeed(21);
    INDArray test = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
    for (int s = 0; s < 4; s++) {
      Nd4j.getRandom().setSeed(30 + s);
      // The third batch is short: the kept input and the shared arrays change size.
      int rows = s == 2 ? 5 : 8;
      INDArray images = Nd4j.rand(DataType.FLOAT, rows, 1, 28, 28);
      INDArray labels = Nd4j.eye(10).castTo(DataType.FLOAT).getRows(s, s + 1, s + 2, s + 3,
          s + 4, s + 5, 9 - s, 0).get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
      dl4j.fit(new INDArray[] {images}, new INDArray[] {labels});
      fused.fit(new INDArray[] {images}, new INDArray[] {labels});
      assertEquals(dl4j.score(), fused.score(), 1e-4 * Math.abs(dl4j.score()), "loss " + s);
      assertClose(dl4j.params().toFloatVector(), fused.params().toFloatVector(),
          "parameters after step " + (s + 1), 2e-3);
    }
    assertClose(dl4j.outputSingle(test).ravel().toFloatVector(),
        fused.outputSingle(test).ravel().toFloatVector(),
        "inference after training", 2e-3);
  }

  private static ComputationGraph resnet(JobSpec spec, String batchNorm) {
    OptimizerSpec sgd = OptimizerSpec.defaults(OptimizerSpec.Type.SGD);
    ComputationGraph graph = new ComputationGraph(Switches.with(FusedBatchNormalization.SWITCH,
        batchNorm, () -> GraphFactory.configuration(spec.model(), sgd, 7,
            InputShape.image(1, 28, 28))));
    graph.init();
    return graph;
  }

  /** A network saved with sparktrain's layer loads as sparktrain's layer, parameters and all. */
  @Test
  void itsJsonRoundTrips() {
    BatchNormalization conf = new BatchNormalization.Builder().decay(0.7).eps(2e-4).build();
    MultiLayerConfiguration net = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
        .list().layer(new FusedBatchNormalization(conf))
        .setInputType(InputType.convolutional(3, 3, 2)).build();
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.toJson());
    var layer = back.getConf(0).getLayer();
    assertInstanceOf(FusedBatchNormalization.class, layer);
    assertEquals(0.7, ((BatchNormalization) layer).getDecay());
    assertEquals(2e-4, ((BatchNormalization) layer).getEps());
    assertEquals(net, back);
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertClose(expected, actual, what, 2e-5);
  }

  private static void assertClose(float[] expected, float[] actual, String what,
      double relative) {
    assertEquals(expected.length, actual.length, what + " length");
    double scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double tolerance = relative * Math.max(Math.abs(expected[i]), 1e-2 * scale) + 1e-7;
      if (Math.abs(expected[i] - actual[i]) > tolerance) {
        throw new AssertionError(what + " [" + i + "]: expected " + expected[i] + ", found "
            + actual[i]);
      }
    }
  }
}
