package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contrastive and Barlow Twins losses: their values on hand-computed cases, and their
 * gradients against central finite differences of their unaveraged scores (in double precision),
 * which is what DL4J divides by the batch size for both the score and the step.
 */
class PairLossesTest {

  private static final IActivation IDENTITY = Activation.IDENTITY.getActivationFunction();

  @Test
  void contrastiveLossPullsSamePairsAndPushesDifferentOnesInsideTheMargin() {
    INDArray difference = Nd4j.create(new double[][] {{3, 4}, {0.6, 0.8}, {3, 4}});
    INDArray labels = Nd4j.create(new double[][] {{0, 1}, {1, 0}, {1, 0}});
    INDArray scores = new ContrastiveLoss(2).computeScoreArray(labels, difference, IDENTITY,
        null);
    assertEquals(12.5, scores.getDouble(0), 1e-9, "same pair at distance 5: 5^2 / 2");
    assertEquals(0.5, scores.getDouble(1), 1e-9, "different pair at 1, margin 2: 1^2 / 2");
    assertEquals(0.0, scores.getDouble(2), 1e-9, "different pair beyond the margin");
  }

  @Test
  void contrastiveGradientMatchesFiniteDifferences() {
    INDArray labels = Nd4j.create(new double[][] {{0, 1}, {1, 0}, {1, 0}, {0, 1}});
    INDArray difference = random(4, 3, 1).muli(0.8);
    LossGradients.assertMatchFiniteDifferences(new ContrastiveLoss(1.5), labels, difference);
  }

  @Test
  void barlowTwinsLossIsZeroForIdenticalDecorrelatedViews() {
    // Two columns orthogonal over the batch with mean 0: C is the identity.
    double[][] z = {{1, 1, 1, 1}, {1, -1, 1, -1}, {-1, 1, -1, 1}, {-1, -1, -1, -1}};
    double loss = new BarlowTwinsLoss(0.5).computeScore(null, Nd4j.create(z), IDENTITY, null,
        true);
    assertEquals(0.0, loss, 1e-4);
    // The second view's columns swapped: diagonal 0, off-diagonal 1: 2 + lambda * 2.
    double[][] swapped = {{1, 1, 1, 1}, {1, -1, -1, 1}, {-1, 1, 1, -1}, {-1, -1, -1, -1}};
    assertEquals(2 + 0.5 * 2, new BarlowTwinsLoss(0.5).computeScore(null, Nd4j.create(swapped),
        IDENTITY, null, true), 1e-4);
  }

  @Test
  void barlowTwinsGradientMatchesFiniteDifferences() {
    LossGradients.assertMatchFiniteDifferences(new BarlowTwinsLoss(0.3), null, random(6, 8, 2));
  }

  @Test
  void barlowTwinsScoresTheBatchOncePerExample() {
    INDArray z = random(5, 4, 3);
    BarlowTwinsLoss loss = new BarlowTwinsLoss(0.1);
    double batch = loss.computeScore(null, z, IDENTITY, null, true);
    assertEquals(5 * batch, loss.computeScore(null, z, IDENTITY, null, false), 1e-9);
    assertEquals(5 * batch, loss.computeScoreArray(null, z, IDENTITY, null).sumNumber()
        .doubleValue(), 1e-9);
  }

  private static INDArray random(int rows, int columns, long seed) {
    Random random = new Random(seed);
    double[][] values = new double[rows][columns];
    for (double[] row : values) {
      for (int j = 0; j < columns; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return Nd4j.create(values).castTo(DataType.DOUBLE);
  }
}
