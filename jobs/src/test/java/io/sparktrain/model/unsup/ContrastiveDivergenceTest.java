package io.sparktrain.model.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.model.unsup.ContrastiveDivergence.Gradients;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ContrastiveDivergenceTest {

  /** Samples 1 where p &gt; 0.5: the chain becomes a computation one can follow by hand. */
  private static final ContrastiveDivergence.Sampler THRESHOLD =
      p -> p.gt(0.5).castTo(p.dataType());

  private static final double[][] W = {{0.1, -0.2}, {0.3, 0.4}, {-0.5, 0.6}};
  private static final double[] HIDDEN_BIAS = {0.05, -0.05};
  private static final double[] VISIBLE_BIAS = {0.1, 0.2, -0.1};

  /**
   * CD-1 on v0 = (1, 0, 1), worked by hand: p(h|v0) = sigmoid(-0.35, 0.35) = (0.413382, 0.586618),
   * h = (0, 1); p(v|h) = sigmoid(-0.1, 0.6, 0.5), v1 = (0, 1, 1); p(h|v1) = sigmoid(-0.15, 0.95)
   * = (0.462570, 0.721115). The descent gradient is v1' p(h|v1) - v0' p(h|v0).
   */
  @Test
  void cd1StepMatchesTheHandComputation() {
    Gradients g = ContrastiveDivergence.gradients(row(1, 0, 1), matrix(W), row(HIDDEN_BIAS),
        row(VISIBLE_BIAS), 1, THRESHOLD);

    assertArrayEquals(new double[] {-0.413382, -0.586618}, g.weights().getRow(0).toDoubleVector(),
        1e-5);
    assertArrayEquals(new double[] {0.462570, 0.721115}, g.weights().getRow(1).toDoubleVector(),
        1e-5);
    assertArrayEquals(new double[] {0.049188, 0.134497}, g.weights().getRow(2).toDoubleVector(),
        1e-5);
    assertArrayEquals(new double[] {0.049188, 0.134497}, g.hiddenBias().toDoubleVector(), 1e-5);
    assertArrayEquals(new double[] {-1, 1, 0}, g.visibleBias().toDoubleVector(), 1e-6);
  }

  /** CD-3 over a batch of two against a plain loop over the same chain, summed over the batch. */
  @Test
  void cdkSumsTheChainOverTheBatch() {
    double[][] v0 = {{1, 0, 1}, {0.2, 0.9, 0.4}};
    Gradients g = ContrastiveDivergence.gradients(matrix(v0), matrix(W), row(HIDDEN_BIAS),
        row(VISIBLE_BIAS), 3, THRESHOLD);

    double[][] dw = new double[3][2];
    double[] dc = new double[2];
    double[] db = new double[3];
    for (double[] v : v0) {
      double[] ph0 = hidden(v);
      double[] vk = v;
      double[] phk = ph0;
      for (int step = 0; step < 3; step++) {
        vk = threshold(visible(threshold(phk)));
        phk = hidden(vk);
      }
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 2; j++) {
          dw[i][j] += vk[i] * phk[j] - v[i] * ph0[j];
        }
        db[i] += vk[i] - v[i];
      }
      for (int j = 0; j < 2; j++) {
        dc[j] += phk[j] - ph0[j];
      }
    }
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(dw[i], g.weights().getRow(i).toDoubleVector(), 1e-5);
    }
    assertArrayEquals(dc, g.hiddenBias().toDoubleVector(), 1e-5);
    assertArrayEquals(db, g.visibleBias().toDoubleVector(), 1e-5);
  }

  @Test
  void reconstructionErrorIsTheSquaredErrorOfTheMeanFieldPass() {
    double[] v = {1, 0, 1};
    double[] back = visible(hidden(v));
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      expected += (back[i] - v[i]) * (back[i] - v[i]);
    }
    INDArray errors = ContrastiveDivergence.reconstructionErrors(row(v), matrix(W),
        row(HIDDEN_BIAS), row(VISIBLE_BIAS));
    assertArrayEquals(new double[] {expected}, errors.toDoubleVector(), 1e-6);
  }

  @Test
  void rejectsZeroGibbsSteps() {
    assertThrows(IllegalArgumentException.class, () -> ContrastiveDivergence.gradients(
        row(1, 0, 1), matrix(W), row(HIDDEN_BIAS), row(VISIBLE_BIAS), 0, THRESHOLD));
  }

  private static double[] hidden(double[] v) {
    double[] p = new double[2];
    for (int j = 0; j < 2; j++) {
      double z = HIDDEN_BIAS[j];
      for (int i = 0; i < 3; i++) {
        z += v[i] * W[i][j];
      }
      p[j] = 1 / (1 + Math.exp(-z));
    }
    return p;
  }

  private static double[] visible(double[] h) {
    double[] p = new double[3];
    for (int i = 0; i < 3; i++) {
      double z = VISIBLE_BIAS[i];
      for (int j = 0; j < 2; j++) {
        z += h[j] * W[i][j];
      }
      p[i] = 1 / (1 + Math.exp(-z));
    }
    return p;
  }

  private static double[] threshold(double[] p) {
    double[] s = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      s[i] = p[i] > 0.5 ? 1 : 0;
    }
    return s;
  }

  static INDArray row(double... values) {
    return Nd4j.create(values, new long[] {1, values.length}).castTo(DataType.FLOAT);
  }

  static INDArray matrix(double[][] values) {
    return Nd4j.create(values).castTo(DataType.FLOAT);
  }
}
