package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparktrain.spec.DescentSpec;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A summed gradient is the averaged one times the batch size. */
class GradientReductionTest {

  private static final DataSet BATCH = new DataSet(
      Nd4j.create(new float[][] {{0.5f, -1f, 2f}, {1f, 0.25f, -0.5f}, {-1f, 1f, 0f}}),
      Nd4j.create(new float[][] {{1, 0}, {0, 1}, {1, 0}}));

  @Test
  void summedStepAtRateEtaEqualsAveragedStepAtEtaTimesBatch() {
    float[] summed = step(0.01, DescentSpec.Reduction.SUMMED);
    float[] averaged = step(0.01 * 3, DescentSpec.Reduction.AVERAGED);
    float[] plain = step(0.01, DescentSpec.Reduction.AVERAGED);

    assertArrayEquals(averaged, summed, 1e-6f);
    assertEquals(3 * plain[0], summed[0], 1e-6, "three examples: three times the mean step");
  }

  private static float[] step(double rate, DescentSpec.Reduction reduction) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(5).updater(new Sgd(rate)).list()
        .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    GradientReduction.install(network, reduction);
    INDArray before = network.params().dup();
    network.fit(BATCH);
    return network.params().sub(before).toFloatVector();
  }
}
