package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.LayerSpec.Activation;
import io.sparktrain.spec.LayerSpec.Loss;
import java.util.function.DoubleBinaryOperator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Each output loss on two examples of three outputs, its mean value and its gradient with respect
 * to the pre-activations computed here by hand from its definition. The losses come from the spec
 * path ({@link LayerFactory#loss}); residuals and margins fall on both sides of Huber's delta and
 * the hinge.
 */
class LossesTest {

  private static final double[][] Z = {{1.5, -0.2, 0.4}, {-1.0, 0.3, 2.0}};
  /** One-hot targets, as sparktrain's data gives them. */
  private static final double[][] ONE_HOT = {{1, 0, 0}, {0, 0, 1}};

  @Test
  void crossEntropyWithLabelSmoothingTargetsTheSmoothedDistribution() {
    double a = 0.1;
    double[][] p = softmax(Z);
    double[][] target = map(ONE_HOT, (y, unused) -> (1 - a) * y + a / 3);
    double[] losses = new double[2];
    double[][] gradient = new double[2][3];
    for (int i = 0; i < 2; i++) {
      for (int k = 0; k < 3; k++) {
        losses[i] -= target[i][k] * Math.log(p[i][k]);
        gradient[i][k] = p[i][k] - target[i][k];
      }
    }
    assertLoss(output(Loss.MCXENT, Activation.SOFTMAX, a, null), ONE_HOT, losses, gradient);
    assertLoss(output(Loss.NEGATIVELOGLIKELIHOOD, Activation.SOFTMAX, a, null), ONE_HOT, losses,
        gradient);
  }

  @Test
  void binaryCrossEntropyScoresEachLabelOfAMultiLabelTarget() {
    double[][] labels = {{1, 0, 1}, {0, 1, 1}};
    double[][] s = map(Z, (z, unused) -> 1 / (1 + Math.exp(-z)));
    double[] losses = new double[2];
    for (int i = 0; i < 2; i++) {
      for (int k = 0; k < 3; k++) {
        losses[i] -= labels[i][k] * Math.log(s[i][k]) + (1 - labels[i][k]) * Math.log(1 - s[i][k]);
      }
    }
    double[][] gradient = combine(s, labels, (sk, y) -> sk - y);
    assertLoss(output(Loss.XENT, Activation.SIGMOID, null, null), labels, losses, gradient);
  }

  @Test
  void hingeReadsZeroOneTargetsAsMinusOnePlusOne() {
    double[][] signs = map(ONE_HOT, (y, unused) -> y > 0 ? 1 : -1);
    double[][] margin = combine(signs, Z, (y, z) -> Math.max(0, 1 - y * z));
    assertLoss(output(Loss.HINGE, Activation.IDENTITY, null, null), ONE_HOT, rowSums(margin),
        combine(signs, margin, (y, h) -> h > 0 ? -y : 0));
    assertLoss(output(Loss.SQUARED_HINGE, Activation.IDENTITY, null, null), ONE_HOT,
        rowSums(map(margin, (h, unused) -> h * h)), combine(signs, margin, (y, h) -> -2 * y * h));
  }

  @Test
  void regressionLossesAverageOverTheOutputs() {
    double[][] labels = {{1.2, 0.5, 0.0}, {-0.1, 0.3, 0.8}};
    double[][] r = combine(Z, labels, (z, y) -> z - y);
    assertLoss(output(Loss.MSE, Activation.IDENTITY, null, null), labels,
        rowMeans(map(r, (x, unused) -> x * x)), map(r, (x, unused) -> 2 * x / 3));
    assertLoss(output(Loss.MAE, Activation.IDENTITY, null, null), labels,
        rowMeans(map(r, (x, unused) -> Math.abs(x))), map(r, (x, unused) -> Math.signum(x) / 3));
    double delta = 0.5;
    double[][] huber = map(r, (x, unused) -> Math.abs(x) <= delta
        ? x * x / 2 : delta * (Math.abs(x) - delta / 2));
    assertLoss(output(Loss.HUBER, Activation.IDENTITY, null, delta), labels, rowMeans(huber),
        map(r, (x, unused) -> Math.max(-delta, Math.min(delta, x)) / 3));
  }

  @Test
  void lossesSurviveDl4jsJson() {
    for (LayerSpec spec : new LayerSpec[] {output(Loss.MCXENT, Activation.SOFTMAX, 0.2, null),
        output(Loss.HUBER, Activation.IDENTITY, null, 0.7),
        output(Loss.SQUARED_HINGE, Activation.IDENTITY, null, null)}) {
      OutputLayer layer = (OutputLayer) LayerFactory.layer(spec, io.sparktrain.spec.ModelSpec.of(
          java.util.List.of(spec)), null, 0);
      MultiLayerConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration
          .Builder().list().layer(layer).setInputType(
              org.deeplearning4j.nn.conf.inputs.InputType.feedForward(3)).build();
      OutputLayer back = (OutputLayer) MultiLayerConfiguration.fromJson(conf.toJson())
          .getConf(0).getLayer();
      assertEquals(layer.getLossFn(), back.getLossFn());
    }
  }

  private static LayerSpec output(Loss loss, Activation activation, Double smoothing,
      Double delta) {
    return new LayerSpec(LayerSpec.LayerType.OUTPUT, 3, null, null, null, null, null, activation,
        null, loss, null, null, null, null, null, smoothing, delta)
        .resolved(LayerSpec.WeightInit.XAVIER, 0, 0);
  }

  /** DL4J's score is the mean over examples; its gradient is per example (not yet averaged). */
  private static void assertLoss(LayerSpec spec, double[][] labels, double[] perExample,
      double[][] gradient) {
    ILossFunction loss = LayerFactory.loss(spec);
    IActivation activation = LayerFactory.activation(spec.activation()).getActivationFunction();
    INDArray y = Nd4j.createFromArray(labels);
    INDArray z = Nd4j.createFromArray(Z);
    double mean = (perExample[0] + perExample[1]) / 2;
    // DL4J's binary cross-entropy overwrites the pre-activations it is given: a copy each time.
    assertEquals(mean, loss.computeScore(y, z.dup(), activation, null, true), 1e-9,
        spec.loss() + "");
    INDArray actual = loss.computeGradient(y, z.dup(), activation, null);
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(gradient[i], actual.getRow(i).toDoubleVector(), 1e-9,
          spec.loss() + " gradient of example " + i);
    }
  }

  private static double[][] softmax(double[][] z) {
    double[][] p = new double[z.length][];
    for (int i = 0; i < z.length; i++) {
      double sum = 0;
      p[i] = new double[z[i].length];
      for (int k = 0; k < z[i].length; k++) {
        p[i][k] = Math.exp(z[i][k]);
        sum += p[i][k];
      }
      for (int k = 0; k < z[i].length; k++) {
        p[i][k] /= sum;
      }
    }
    return p;
  }

  private static double[][] map(double[][] a, DoubleBinaryOperator f) {
    return combine(a, a, f);
  }

  private static double[][] combine(double[][] a, double[][] b, DoubleBinaryOperator f) {
    double[][] out = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < a[i].length; k++) {
        out[i][k] = f.applyAsDouble(a[i][k], b[i][k]);
      }
    }
    return out;
  }

  private static double[] rowSums(double[][] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      for (double x : a[i]) {
        out[i] += x;
      }
    }
    return out;
  }

  private static double[] rowMeans(double[][] a) {
    double[] sums = rowSums(a);
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= a[i].length;
    }
    return sums;
  }
}
