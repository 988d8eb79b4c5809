package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Checks a loss's gradient against central finite differences of its unaveraged score, the two
 * quantities DL4J divides by the batch size for the score and the step. Use double precision.
 */
public final class LossGradients {

  private static final IActivation IDENTITY = Activation.IDENTITY.getActivationFunction();

  private LossGradients() {}

  /** Every entry of the gradient at {@code x} within 1e-4 relative (or 1e-7 absolute). */
  public static void assertMatchFiniteDifferences(ILossFunction loss, INDArray labels,
      INDArray x) {
    INDArray analytic = loss.computeGradient(labels, x, IDENTITY, null);
    double h = 1e-6;
    double worst = 0;
    for (int i = 0; i < x.rows(); i++) {
      for (int j = 0; j < x.columns(); j++) {
        double keep = x.getDouble(i, j);
        x.putScalar(i, j, keep + h);
        double up = loss.computeScore(labels, x, IDENTITY, null, false);
        x.putScalar(i, j, keep - h);
        double down = loss.computeScore(labels, x, IDENTITY, null, false);
        x.putScalar(i, j, keep);
        double numeric = (up - down) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - analytic.getDouble(i, j))
            / Math.max(1e-3, Math.abs(numeric)));
      }
    }
    assertTrue(worst < 1e-4, "largest relative difference " + worst);
  }
}
