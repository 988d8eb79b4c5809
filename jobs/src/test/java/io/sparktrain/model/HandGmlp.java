package io.sparktrain.model;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * gMLP's block (Liu et al. 2021) written as loops over doubles, the hand computation
 * {@link GmlpBlock} is checked against. GELU is ND4J's.
 */
final class HandGmlp {

  private HandGmlp() {}

  /**
   * @param x the block's input [batch, d, patches]
   * @param p g1, b1, U, bU, g2, b2, Ws, bs, V, bV in {@link GmlpBlock}'s shapes
   * @return the output [batch][d][patches]
   */
  static double[][][] block(INDArray x, INDArray[] p, double eps) {
    int batch = (int) x.size(0);
    int d = (int) x.size(1);
    int patches = (int) x.size(2);
    int units = (int) p[2].size(1);
    int half = units / 2;
    double[][][] out = new double[batch][d][patches];
    for (int n = 0; n < batch; n++) {
      double[][] z1 = new double[patches][half];
      double[][] z2 = new double[patches][half];
      for (int t = 0; t < patches; t++) {
        double[] row = new double[d];
        for (int c = 0; c < d; c++) {
          row[c] = x.getDouble(n, c, t);
        }
        double[] normed = norm(row, p[0], p[1], eps);
        double[] z = new double[units];
        for (int u = 0; u < units; u++) {
          double s = p[3].getDouble(0, u);
          for (int c = 0; c < d; c++) {
            s += normed[c] * p[2].getDouble(c, u);
          }
          z[u] = gelu(s);
        }
        System.arraycopy(z, 0, z1[t], 0, half);
        double[] second = new double[half];
        System.arraycopy(z, half, second, 0, half);
        z2[t] = norm(second, p[4], p[5], eps);
      }
      for (int t = 0; t < patches; t++) {
        double[] gated = new double[half];
        for (int h = 0; h < half; h++) {
          double mixed = p[7].getDouble(0, t);
          for (int from = 0; from < patches; from++) {
            mixed += z2[from][h] * p[6].getDouble(from, t);
          }
          gated[h] = z1[t][h] * mixed;
        }
        for (int c = 0; c < d; c++) {
          double s = p[9].getDouble(0, c) + x.getDouble(n, c, t);
          for (int h = 0; h < half; h++) {
            s += gated[h] * p[8].getDouble(h, c);
          }
          out[n][c][t] = s;
        }
      }
    }
    return out;
  }

  private static double[] norm(double[] v, INDArray gain, INDArray bias, double eps) {
    double mean = 0;
    for (double e : v) {
      mean += e / v.length;
    }
    double var = 0;
    for (double e : v) {
      var += (e - mean) * (e - mean) / v.length;
    }
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (v[i] - mean) / Math.sqrt(var + eps) * gain.getDouble(0, i) + bias.getDouble(0, i);
    }
    return out;
  }

  /**
   * ND4J's own GELU on one number: which of the paper's approximations it takes is its business;
   * everything around it is computed here.
   */
  static double gelu(double v) {
    return Activation.GELU.getActivationFunction()
        .getActivation(Nd4j.scalar(DataType.DOUBLE, v), false).getDouble(0);
  }
}
