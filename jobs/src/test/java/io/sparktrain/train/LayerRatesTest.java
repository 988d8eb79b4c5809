package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
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
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** Rescaled rates take effect at the live updater's next step, schedule included. */
class LayerRatesTest {

  private static final DataSet BATCH = new DataSet(
      Nd4j.create(new float[][] {{0.5f, -1f, 2f}, {1f, 0.25f, -0.5f}}),
      Nd4j.create(new float[][] {{1, 0}, {0, 1}}));

  @Test
  void halvedScaleHalvesAnSgdStep() {
    float[] full = step(new Sgd(0.1), 1.0);
    float[] half = step(new Sgd(0.1), 0.5);
    for (int i = 0; i < full.length; i++) {
      assertEquals(full[i] / 2, half[i], 1e-6, "parameter " + i);
    }
  }

  @Test
  void scaleAppliesToAScheduleAndBackToOneRestoresIt() {
    Sgd scheduled = new Sgd(new ExponentialSchedule(ScheduleType.ITERATION, 0.1, 0.5));
    float[] full = step(scheduled.clone(), 1.0);
    float[] quarter = step(scheduled.clone(), 0.25);
    for (int i = 0; i < full.length; i++) {
      assertEquals(full[i] / 4, quarter[i], 1e-6, "parameter " + i);
    }
    MultiLayerNetwork network = network(scheduled.clone());
    LayerRates rates = LayerRates.of(network);
    rates.scaleTo(0.25);
    rates.scaleTo(1.0);
    assertArrayEquals(full, delta(network), 1e-7f);
  }

  /** The change one step makes to the parameters at {@code scale} times the rate. */
  private static float[] step(Sgd updater, double scale) {
    MultiLayerNetwork network = network(updater);
    LayerRates.of(network).scaleTo(scale);
    return delta(network);
  }

  private static float[] delta(MultiLayerNetwork network) {
    INDArray before = network.params().dup();
    network.fit(BATCH);
    return network.params().sub(before).toFloatVector();
  }

  private static MultiLayerNetwork network(Sgd updater) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(updater)
        .list()
        .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
            .activation(Activation.SOFTMAX).build())
        .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }
}
