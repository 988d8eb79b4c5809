package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

class HeavyBallMomentumTest {

  @Test
  void accumulatesVelocityInTheStateViewAndStepsByRateTimesVelocity() {
    INDArray view = Nd4j.zeros(DataType.DOUBLE, 1, 2);
    GradientUpdater<?> updater = new HeavyBallMomentum(0.1, 0.9).instantiate(view, true);
    INDArray g = Nd4j.createFromArray(1.0, -2.0).reshape(1, 2);
    updater.applyUpdater(g, 0, 0);
    assertArrayEquals(new double[] {0.1, -0.2}, g.toDoubleVector(), 1e-12);
    g.assign(Nd4j.createFromArray(1.0, -2.0).reshape(1, 2));
    updater.applyUpdater(g, 1, 0);
    // v = 0.9 * v + g = 1.9, -3.8; step = 0.1 * v
    assertArrayEquals(new double[] {0.19, -0.38}, g.toDoubleVector(), 1e-12);
    // The velocity lives in the shared view, where the engine averages it.
    assertArrayEquals(new double[] {1.9, -3.8}, view.toDoubleVector(), 1e-12);
  }

  @Test
  void restoresVelocityFromState() {
    HeavyBallMomentum config = new HeavyBallMomentum(1.0, 0.5);
    INDArray v = Nd4j.createFromArray(2.0, 4.0).reshape(1, 2);
    GradientUpdater<?> updater = config.instantiate(Map.of("V", v),
        false);
    INDArray g = Nd4j.zeros(DataType.DOUBLE, 1, 2);
    updater.applyUpdater(g, 0, 0);
    assertArrayEquals(new double[] {1.0, 2.0}, g.toDoubleVector(), 1e-12);
  }
}
