package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Backstitch on a two-weight linear model with squared error, one example, two steps, against
 * the steps worked out by hand: y = w . x, loss (w . x - t)^2, gradient 2 (w . x - t) x.
 */
class BackstitchTest {

  private static final double LR = 0.1;
  private static final double ALPHA = 0.5;
  // x = (2, 1), t = 1, w0 = (1, -0.5): w.x = 1.5.
  private static final DataSet EXAMPLE = new DataSet(Nd4j.create(new float[][] {{2f, 1f}}),
      Nd4j.create(new float[][] {{1f}}));

  @Test
  void everyStepBackstitchedMatchesTheHandComputedSteps() {
    // Step 1: g = 2(1.5 - 1)(2, 1) = (2, 1); back: w' = w + 0.05 g = (1.1, -0.45), w'.x = 1.75;
    // g' = 2(0.75)(2, 1) = (3, 1.5); w1 = w' - 0.15 g' = (0.65, -0.675).
    // Step 2: w1.x = 0.625, g = 2(-0.375)(2, 1) = (-1.5, -0.75); w' = (0.575, -0.7125),
    // w'.x = 0.4375, g' = 2(-0.5625)(2, 1) = (-2.25, -1.125); w2 = w' - 0.15 g'
    // = (0.9125, -0.54375).
    assertArrayEquals(new float[] {0.9125f, -0.54375f}, twoSteps(1), 1e-6f);
  }

  @Test
  void onlyEveryOtherStepWithEveryTwo() {
    // Step 1 (iteration 0) as above: (0.65, -0.675). Step 2 (iteration 1) plain SGD:
    // g = (-1.5, -0.75), w2 = w1 - 0.1 g = (0.8, -0.6).
    assertArrayEquals(new float[] {0.8f, -0.6f}, twoSteps(2), 1e-6f);
  }

  @Test
  void globalNormClippingClipsTheRecomputedGradientToo() {
    // Clipped to norm 1: g = (2, 1) / sqrt 5; back: w' = w + 0.05 g = (1.0447214, -0.4776393),
    // w'.x = 1.6118034, g' = 2(0.6118034)(2, 1), clipped: (2, 1) / sqrt 5 again;
    // w1 = w' - 0.15 g' = (0.9105573, -0.5447214). Unclipped g' would give (0.6776, -0.6612).
    MultiLayerNetwork network = linear();
    network.setListeners(new GlobalNormClipping(1.0), new Backstitch(ALPHA, 1));
    network.fit(EXAMPLE);
    assertArrayEquals(new float[] {0.9105573f, -0.5447214f}, network.params().toFloatVector(),
        1e-6f);
  }

  /**
   * A fine-tuning stage may give its layers different rates: each layer's parameters step back
   * at their own. Against a twin stepped back by hand at each layer's rate, then a plain step at
   * (1 + alpha) times each rate.
   */
  @Test
  void eachLayerStepsBackAtItsOwnRate() {
    DataSet rows = new DataSet(Nd4j.create(new float[][] {{5.1f, 3.5f, 1.4f}, {7.0f, 3.2f, 4.7f},
        {6.3f, 3.3f, 6.0f}}), Nd4j.create(new float[][] {{0.2f}, {1.4f}, {2.5f}}));
    MultiLayerNetwork backstitched = twoRates(0.02, 0.1);
    backstitched.setListeners(new Backstitch(ALPHA, 1));
    MultiLayerNetwork byHand = twoRates(0.02 * (1 + ALPHA), 0.1 * (1 + ALPHA));
    byHand.setInput(rows.getFeatures());
    byHand.setLabels(rows.getLabels());
    byHand.computeGradientAndScore();
    for (Map.Entry<String, INDArray> g : byHand.gradient().gradientForVariable().entrySet()) {
      double rate = g.getKey().startsWith("0_") ? 0.02 : 0.1;
      byHand.getParam(g.getKey()).addi(g.getValue().mul(ALPHA * rate / rows.numExamples()));
    }
    byHand.fit(rows);
    backstitched.fit(rows);
    assertArrayEquals(byHand.params().toFloatVector(), backstitched.params().toFloatVector(),
        1e-6f);
  }

  /** dense 3-4 at {@code first}, dense 4-1 (squared error) at {@code second}; SGD. */
  private static MultiLayerNetwork twoRates(double first, double second) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(11).list()
        .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH)
            .updater(new Sgd(first)).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
            .activation(Activation.IDENTITY).updater(new Sgd(second)).build())
        .build());
    network.init();
    return network;
  }

  @Test
  void aGraphTakesTheSameHandComputedSteps() {
    assertArrayEquals(new float[] {0.9125f, -0.54375f}, twoGraphSteps(1), 1e-6f);
    assertArrayEquals(new float[] {0.8f, -0.6f}, twoGraphSteps(2), 1e-6f);
  }

  private static float[] twoGraphSteps(int every) {
    ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
        .updater(new Sgd(LR)).graphBuilder()
        .addInputs("x")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1)
            .hasBias(false).activation(Activation.IDENTITY).build(), "x")
        .setOutputs("out")
        .build());
    graph.init();
    graph.setParams(Nd4j.create(new float[][] {{1f, -0.5f}}));
    graph.setListeners(new Backstitch(ALPHA, every));
    graph.fit(EXAMPLE);
    graph.fit(EXAMPLE);
    return graph.params().toFloatVector();
  }

  private static float[] twoSteps(int every) {
    MultiLayerNetwork network = linear();
    network.setListeners(new Backstitch(ALPHA, every));
    network.fit(EXAMPLE);
    network.fit(EXAMPLE);
    return network.params().toFloatVector();
  }

  /** y = w . x with w = (1, -0.5), squared error, SGD at {@link #LR}. */
  private static MultiLayerNetwork linear() {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .updater(new Sgd(LR)).list()
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1)
            .hasBias(false).activation(Activation.IDENTITY).build())
        .build());
    network.init();
    network.setParams(Nd4j.create(new float[][] {{1f, -0.5f}}));
    return network;
  }

  /**
   * Batch normalisation's running mean and deviation are not trained by their gradient: DL4J
   * moves them by their NoOp "gradient" toward the batch's statistics. A backstitched step moves
   * them once, from the statistics at the backstitched point, as a plain step from there would;
   * the trained parameters take both steps. Against a twin that takes the backward step by hand
   * on the trained parameters and then a plain step at (1 + alpha) times the rate.
   */
  @Test
  void batchNormalisationsRunningStatisticsMoveOnceFromTheBackstitchedPoint() {
    // Fisher's iris, five rows of three classes; the target is the petal width.
    DataSet rows = new DataSet(Nd4j.create(new float[][] {{5.1f, 3.5f, 1.4f}, {7.0f, 3.2f, 4.7f},
        {6.3f, 3.3f, 6.0f}, {4.9f, 3.0f, 1.4f}, {6.4f, 3.2f, 4.5f}}),
        Nd4j.create(new float[][] {{0.2f}, {1.4f}, {2.5f}, {0.2f}, {1.5f}}));
    MultiLayerNetwork backstitched = withBatchNorm(LR);
    backstitched.setListeners(new Backstitch(ALPHA, 1));
    MultiLayerNetwork byHand = withBatchNorm(LR * (1 + ALPHA));
    assertEquals(backstitched.params(), byHand.params());

    byHand.setInput(rows.getFeatures());
    byHand.setLabels(rows.getLabels());
    byHand.computeGradientAndScore();
    Map<String, INDArray> gradients = byHand.gradient().gradientForVariable();
    for (Map.Entry<String, INDArray> g : gradients.entrySet()) {
      if (!g.getKey().endsWith("_mean") && !g.getKey().endsWith("_log10stdev")) {
        byHand.getParam(g.getKey()).addi(g.getValue().mul(ALPHA * LR / rows.numExamples()));
      }
    }
    byHand.fit(rows);
    backstitched.fit(rows);

    for (String statistic : new String[] {"1_mean", "1_log10stdev", "1_gamma"}) {
      assertArrayEquals(byHand.getParam(statistic).toFloatVector(),
          backstitched.getParam(statistic).toFloatVector(), 1e-6f, statistic);
    }
    assertArrayEquals(byHand.params().toFloatVector(), backstitched.params().toFloatVector(),
        1e-6f);
  }

  /** dense 3-4 - batch normalisation (log10 deviation) - dense 4-1, squared error, SGD. */
  private static MultiLayerNetwork withBatchNorm(double rate) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(3).updater(new Sgd(rate)).list()
        .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
        .layer(new BatchNormalization.Builder().useLogStd(true).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
            .activation(Activation.IDENTITY).build())
        .build());
    network.init();
    return network;
  }

  /**
   * A graph of two inputs merged, batch normalisation and two outputs: the trained parameters of
   * every layer take both steps, the running statistics one, as in a stack (above).
   */
  @Test
  void aGraphOfTwoInputsAndTwoOutputsAgainstItsTwinSteppedBackByHand() {
    // Fisher's iris again: sepal length and width into one input, petal length into the other;
    // the petal width and the sepal width as the two targets.
    INDArray[] inputs = {Nd4j.create(new float[][] {{5.1f, 3.5f}, {7.0f, 3.2f}, {6.3f, 3.3f},
        {4.9f, 3.0f}, {6.4f, 3.2f}}), Nd4j.create(new float[][] {{1.4f}, {4.7f}, {6.0f}, {1.4f},
        {4.5f}})};
    INDArray[] targets = {Nd4j.create(new float[][] {{0.2f}, {1.4f}, {2.5f}, {0.2f}, {1.5f}}),
        Nd4j.create(new float[][] {{3.5f}, {3.2f}, {3.3f}, {3.0f}, {3.2f}})};
    MultiDataSet rows = new MultiDataSet(inputs, targets);
    ComputationGraph backstitched = twoInputs(LR);
    backstitched.setListeners(new Backstitch(ALPHA, 1));
    ComputationGraph byHand = twoInputs(LR * (1 + ALPHA));
    assertEquals(backstitched.params(), byHand.params());

    byHand.setInputs(inputs);
    byHand.setLabels(targets);
    byHand.computeGradientAndScore();
    Map<String, INDArray> gradients = byHand.gradient().gradientForVariable();
    for (Map.Entry<String, INDArray> g : gradients.entrySet()) {
      if (!g.getKey().endsWith("_mean") && !g.getKey().endsWith("_log10stdev")) {
        byHand.getParam(g.getKey()).addi(g.getValue().mul(ALPHA * LR / rows.getFeatures(0).rows()));
      }
    }
    byHand.fit(rows);
    backstitched.fit(rows);

    for (String param : new String[] {"bn_mean", "bn_log10stdev", "bn_gamma", "da_W", "aux_b"}) {
      assertArrayEquals(byHand.getParam(param).ravel().toFloatVector(),
          backstitched.getParam(param).ravel().toFloatVector(), 1e-6f, param);
    }
    assertArrayEquals(byHand.params().toFloatVector(), backstitched.params().toFloatVector(),
        1e-6f);
  }

  /** a (2) and b (1), dense each, merged, batch normalisation, two heads; SGD. */
  private static ComputationGraph twoInputs(double rate) {
    ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5)
        .updater(new Sgd(rate)).graphBuilder()
        .addInputs("a", "b")
        .addLayer("da", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), "a")
        .addLayer("db", new DenseLayer.Builder().nOut(2).activation(Activation.TANH).build(), "b")
        .addVertex("both", new MergeVertex(), "da", "db")
        .addLayer("bn", new BatchNormalization.Builder().build(), "both")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
            .activation(Activation.IDENTITY).build(), "bn")
        .addLayer("aux", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
            .activation(Activation.IDENTITY).build(), "both")
        .setOutputs("out", "aux")
        .setInputTypes(InputType.feedForward(2), InputType.feedForward(1)).build());
    graph.init();
    return graph;
  }
}
