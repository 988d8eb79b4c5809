package io.sparktrain.train.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparktrain.model.FusedBatchNormalization;
import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.model.OptimizerRules;
import io.sparktrain.model.SkipsInputGradient;
import io.sparktrain.spec.ClipSpec;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.ScheduleSpec;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fused step against DL4J's own {@code fit()}: the same network, the same batches (one of
 * them short, so the division by the batch size is not a power of two), the same dropout
 * seeds, for every optimizer of the spec, alone and with a warm-up/cosine schedule, decoupled
 * weight decay and either kind of clipping. Parameters, updater state and loss must agree to
 * float rounding after every step.
 */
class FusedStepTest {

  private static final int FEATURES = 7;
  private static final int CLASSES = 3;
  /** Not a multiple of any vector width, so every variable ends in a masked tail. */
  private static final int HIDDEN = 37;
  private static final int[] BATCH_ROWS = {8, 8, 5, 8, 8, 8};

  @BeforeAll
  static void vectorApi() {
    assumeTrue(FusedStep.AVAILABLE, "the JVM runs without --add-modules jdk.incubator.vector");
  }

  enum Extras { NONE, SCHEDULE_DECAY_CLIP_VALUE, GLOBAL_NORM_DROPOUT }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (OptimizerSpec.Type type : OptimizerSpec.Type.values()) {
      for (Extras extras : Extras.values()) {
        all.add(Arguments.of(type, extras));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void matchesDl4jsFitStepByStep(OptimizerSpec.Type type, Extras extras) {
    OptimizerSpec spec = spec(type, extras);
    double dropout = extras == Extras.GLOBAL_NORM_DROPOUT ? 0.3 : 0;
    MultiLayerNetwork reference = network(spec, dropout, 0, 0);
    MultiLayerNetwork fused = network(spec, dropout, 0, 0);
    FusedStep step = FusedStep.of(fused);
    for (int s = 0; s < BATCH_ROWS.length; s++) {
      DataSet batch = batch(BATCH_ROWS[s], 100 + s);
      Nd4j.getRandom().setSeed(7 + s);
      reference.fit(batch);
      Nd4j.getRandom().setSeed(7 + s);
      double score = step.step(batch.getFeatures(), batch.getLabels());
      String at = type + " " + extras + " step " + (s + 1);
      assertEquals(reference.score(), score, 1e-5 * Math.abs(reference.score()), at + " loss");
      assertClose(reference.params().toFloatVector(), fused.params().toFloatVector(),
          at + " parameters");
      assertClose(state(reference), state(fused), at + " updater state");
      assertEquals(reference.getIterationCount(), fused.getIterationCount(), at + " iteration");
    }
  }

  /**
   * conf/mnist-mlp.yaml's network (784-512-256-10, ReLU, Adam, batch 64) without its dropout
   * layer: at this size DL4J's dropout masks do not repeat under {@code Nd4j.getRandom().setSeed}
   * (two {@code fit()} twins, reseeded alike, differ by 2e-3 after one step), so only the
   * dropout-free network can be compared element by element.
   */
  @Test
  void theDefaultJobsNetworkMatchesFit() {
    JobSpec job = SpecReader.read(Path.of("..", "conf", "mnist-mlp.yaml"));
    MultiLayerNetwork reference = defaultJobNetwork(job);
    MultiLayerNetwork fused = defaultJobNetwork(job);
    FusedStep step = FusedStep.of(fused);
    Nd4j.getRandom().setSeed(3);
    DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 64, 784),
        Nd4j.eye(10).castTo(DataType.FLOAT).getRows(new Random(3).ints(64, 0, 10).toArray()));
    for (int s = 0; s < 3; s++) {
      Nd4j.getRandom().setSeed(s);
      reference.fit(batch);
      Nd4j.getRandom().setSeed(s);
      step.step(batch.getFeatures(), batch.getLabels());
      assertClose(reference.params().toFloatVector(), fused.params().toFloatVector(),
          "step " + (s + 1) + " parameters");
    }
  }

  /**
   * The LeNet of benchmarks/mnist-lenet.yaml, whose first layer is sparktrain's GEMM
   * convolution: the fused step leaves out that layer's input gradient, which DL4J computes and
   * drops, and must still match {@code fit()}, which computes it; afterwards the layer computes
   * it again for anyone who asks. Plain SGD: Adam's division by the root of tiny second
   * moments turns the fused rule's last-bit differences from DL4J's into 1e-4 by the third step.
   */
  @Test
  void aConvolutionalFirstLayerLeavesOutOnlyTheGradientDl4jDrops() {
    JobSpec lenet = SpecReader.read(Path.of("..", "benchmarks", "mnist-lenet.yaml"));
    OptimizerSpec sgd = spec(OptimizerSpec.Type.SGD, Extras.NONE);
    MultiLayerNetwork reference = lenetNetwork(lenet.model(), sgd);
    MultiLayerNetwork fused = lenetNetwork(lenet.model(), sgd);
    assertInstanceOf(SkipsInputGradient.class, fused.getLayer(0));
    FusedStep step = FusedStep.of(fused);
    Random random = new Random(5);
    for (int s = 0; s < 3; s++) {
      Nd4j.getRandom().setSeed(20 + s);
      DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 12, 784),
          Nd4j.eye(10).castTo(DataType.FLOAT).getRows(random.ints(12, 0, 10).toArray()));
      reference.fit(batch);
      double score = step.step(batch.getFeatures(), batch.getLabels());
      assertEquals(reference.score(), score, 1e-5 * Math.abs(reference.score()), "loss");
      assertClose(reference.params().toFloatVector(), fused.params().toFloatVector(),
          "step " + (s + 1) + " parameters");
    }
    Nd4j.getRandom().setSeed(9);
    INDArray image = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
    INDArray outputGradient = Nd4j.rand(DataType.FLOAT, 4, 20, 24, 24).subi(0.5);
    float[] expected = inputGradient(reference.getLayer(0), image, outputGradient);
    assertClose(expected, inputGradient(fused.getLayer(0), image, outputGradient),
        "the first layer's input gradient after fused steps");
  }

  private static MultiLayerNetwork lenetNetwork(ModelSpec model, OptimizerSpec optimizer) {
    MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configuration(model,
        optimizer, 42, InputShape.image(1, 28, 28)));
    network.init();
    OptimizerRules.install(network, optimizer);
    return network;
  }

  private static float[] inputGradient(Layer layer, INDArray input, INDArray outputGradient) {
    LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(input, none);
    layer.activate(true, none);
    return layer.backpropGradient(outputGradient, none).getSecond().ravel().toFloatVector();
  }

  private static MultiLayerNetwork defaultJobNetwork(JobSpec job) {
    return DensePassTest.defaultJobNetwork(job, false);
  }

  /**
   * Batch normalisation hands DL4J its running mean and deviation as {@code NoOp} parameters
   * whose "gradient" moves them toward each batch's statistics; a frozen layer's {@code NoOp}
   * parameters get a zeroed gradient. Here both lie in one updater block (the statistics, then
   * the frozen layer behind them), and the fused step must move the first as {@code fit()} does
   * and leave the second as {@code fit()} does (its gradient is zero, so this half checks only
   * that nothing else lands there). With sparktrain's batch normalisation in the fused network
   * too, against DL4J's under {@code fit()}. Plain SGD, for the reason the LeNet case gives.
   */
  @ParameterizedTest(name = "sparktrain's batch normalisation: {0}")
  @ValueSource(booleans = {false, true})
  void movesBatchNormalisationsStatisticsAndNotAFrozenLayer(boolean ownLayer) {
    MultiLayerNetwork reference = batchNormalised(false);
    MultiLayerNetwork fused = batchNormalised(ownLayer);
    INDArray meanBefore = fused.getLayer(1).getParam("mean").dup();
    INDArray frozenBefore = fused.getLayer(2).params().dup();
    FusedStep step = FusedStep.of(fused);
    for (int s = 0; s < BATCH_ROWS.length; s++) {
      DataSet batch = batch(BATCH_ROWS[s], 300 + s);
      reference.fit(batch);
      step.step(batch.getFeatures(), batch.getLabels());
      assertClose(reference.params().toFloatVector(), fused.params().toFloatVector(),
          "step " + (s + 1) + " parameters");
      assertClose(state(reference), state(fused), "step " + (s + 1) + " updater state");
    }
    assertNotEquals(meanBefore, fused.getLayer(1).getParam("mean"), "running mean moved");
    assertEquals(frozenBefore, fused.getLayer(2).params(), "frozen layer unchanged");
  }

  private static MultiLayerNetwork batchNormalised(boolean ownLayer) {
    BatchNormalization batchNorm = new BatchNormalization.Builder().nOut(HIDDEN).build();
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(42).dataType(DataType.FLOAT).updater(new Sgd(0.05)).list()
        .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(HIDDEN).activation(Activation.TANH)
            .build())
        .layer(ownLayer ? new FusedBatchNormalization(batchNorm) : batchNorm)
        .layer(new FrozenLayerWithBackprop(new DenseLayer.Builder().nIn(HIDDEN).nOut(HIDDEN)
            .activation(Activation.TANH).build()))
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN)
            .nOut(CLASSES).activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    return network;
  }

  @Test
  void namesL2RegularisationAsNotCovered() {
    MultiLayerNetwork network = network(OptimizerSpec.defaults(), 0, 0, 1e-3);
    List<String> problems = FusedStep.unsupported(network);
    assertTrue(problems.stream().anyMatch(p -> p.contains("regularization")), problems::toString);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FusedStep.of(network));
    assertTrue(e.getMessage().contains("L2"), e.getMessage());
  }

  @Test
  void coversTheDefaultAdamNetwork() {
    assertTrue(FusedStep.unsupported(network(OptimizerSpec.defaults(), 0, 0, 0)).isEmpty());
  }

  @Test
  void trainingMovesEveryTrainedParameter() {
    MultiLayerNetwork network = network(OptimizerSpec.defaults(), 0, 0, 0);
    float[] before = network.params().toFloatVector();
    DataSet batch = batch(8, 1);
    FusedStep.of(network).step(batch.getFeatures(), batch.getLabels());
    float[] after = network.params().toFloatVector();
    for (int i = 0; i < before.length; i++) {
      assertFalse(before[i] == after[i], "parameter " + i + " did not move");
    }
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertClose(expected, actual, what, 2e-5);
  }

  /** Equal to {@code relative} of each element (of 0.01 for smaller ones). */
  static void assertClose(float[] expected, float[] actual, String what, double relative) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      double tolerance = relative * Math.max(1e-2, Math.abs(expected[i]));
      if (Math.abs(expected[i] - actual[i]) > tolerance) {
        throw new AssertionError(what + " [" + i + "]: expected " + expected[i] + ", found "
            + actual[i]);
      }
    }
  }

  private static float[] state(MultiLayerNetwork network) {
    var view = network.getUpdater(true).getStateViewArray();
    return view == null ? new float[0] : view.toFloatVector();
  }

  static OptimizerSpec spec(OptimizerSpec.Type type, Extras extras) {
    OptimizerSpec defaults = OptimizerSpec.defaults(type);
    double lr = type == OptimizerSpec.Type.ADADELTA ? 1.0 : 0.05;
    ScheduleSpec schedule = extras == Extras.SCHEDULE_DECAY_CLIP_VALUE
        ? new ScheduleSpec(ScheduleSpec.Type.COSINE, 1.0, 1, ScheduleSpec.Per.ITERATION, 1.0, 4,
            2, lr / 10, 0.0, 2)
        : ScheduleSpec.constant();
    double decay = extras == Extras.SCHEDULE_DECAY_CLIP_VALUE ? 0.01 : 0;
    ClipSpec clip = switch (extras) {
      case NONE -> ClipSpec.none();
      case SCHEDULE_DECAY_CLIP_VALUE -> new ClipSpec(ClipSpec.Mode.VALUE, 0.05);
      case GLOBAL_NORM_DROPOUT -> new ClipSpec(ClipSpec.Mode.GLOBAL_NORM, 0.1);
    };
    return new OptimizerSpec(type, lr, 0.8, 0.85, 0.95, 1e-4,
        type.hasLearningRate() ? schedule : ScheduleSpec.constant(), 0.9, 0.9, decay, clip);
  }

  static MultiLayerNetwork network(OptimizerSpec optimizer, double dropout, double l1,
      double l2) {
    List<LayerSpec> layers = new ArrayList<>();
    layers.add(new LayerSpec(LayerSpec.LayerType.DENSE, HIDDEN, null, null, null, null, null,
        LayerSpec.Activation.TANH, null, null, null, null, null));
    if (dropout > 0) {
      layers.add(LayerSpec.dropout(dropout));
    }
    layers.add(LayerSpec.output(CLASSES));
    ModelSpec model = ModelSpec.of(layers);
    model = new ModelSpec(model.layers(), model.weightInit(), l1, l2);
    MultiLayerNetwork network = new MultiLayerNetwork(
        NetworkFactory.configuration(model, optimizer, 42, InputShape.flat(FEATURES)));
    network.init();
    OptimizerRules.install(network, optimizer);
    return network;
  }

  /** Rows of seeded noise whose class shifts the mean of every third feature. */
  static DataSet batch(int rows, long seed) {
    Random random = new Random(seed);
    Nd4j.getRandom().setSeed(seed);
    var features = Nd4j.randn(DataType.FLOAT, rows, FEATURES);
    var labels = Nd4j.zeros(DataType.FLOAT, rows, CLASSES);
    for (int r = 0; r < rows; r++) {
      int label = random.nextInt(CLASSES);
      labels.putScalar(r, label, 1f);
      for (int j = label; j < FEATURES; j += CLASSES) {
        features.putScalar(r, j, features.getFloat(r, j) + 1f);
      }
    }
    return new DataSet(features, labels);
  }
}
