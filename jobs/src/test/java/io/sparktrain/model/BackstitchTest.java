package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
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

  private static float[] twoSteps(int every) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .updater(new Sgd(LR)).list()
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1)
            .hasBias(false).activation(Activation.IDENTITY).build())
        .build());
    network.init();
    network.setParams(Nd4j.create(new float[][] {{1f, -0.5f}}));
    network.setListeners(new Backstitch(ALPHA, every));
    network.fit(EXAMPLE);
    network.fit(EXAMPLE);
    return network.params().toFloatVector();
  }
}
