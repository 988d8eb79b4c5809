package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.ClipSpec;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.ScheduleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Decoupled weight decay and gradient clipping on real DL4J networks: AdamW's two steps against
 * the same steps computed by hand, the globally clipped step's norm exactly the threshold, and
 * every component of a value-clipped step within it.
 */
class OptimizerRulesTest {

  private static final double LR = 0.1;

  /**
   * Loshchilov and Hutter 2019, algorithm 2 on {@code z = w . x + b} with squared error: Adam's
   * step plus {@code eta_t * weightDecay * w} on the weights (not the bias), {@code eta_t} the
   * schedule's multiplier (here 0.5^t), two steps by hand.
   */
  @Test
  void adamWTakesTheStepsOfTheAlgorithm() {
    double decay = 0.2;
    OptimizerSpec spec = new OptimizerSpec(OptimizerSpec.Type.ADAM, LR, 0.9, 0.8, 0.9, 1e-3,
        new ScheduleSpec(ScheduleSpec.Type.EXPONENTIAL, 0.5, 1, ScheduleSpec.Per.ITERATION),
        0.999, 0.9, decay, ClipSpec.none());
    MultiLayerNetwork network = linearNetwork(spec);
    double[] w = {0.3, -0.2};
    double b = 0.1;
    network.setParam("0_W", Nd4j.createFromArray(new float[][] {{0.3f}, {-0.2f}}));
    network.setParam("0_b", Nd4j.createFromArray(new float[][] {{0.1f}}));
    double[][] xs = {{1.0, 2.0}, {-0.5, 0.25}};
    double[] ys = {0.7, -0.4};
    double[] m = new double[3];
    double[] v = new double[3];
    for (int s = 0; s < 2; s++) {
      int t = s + 1;
      double z = w[0] * xs[s][0] + w[1] * xs[s][1] + b;
      double dz = 2 * (z - ys[s]);
      double[] g = {xs[s][0] * dz, xs[s][1] * dz, dz};
      double eta = Math.pow(0.5, s);
      double alpha = LR * eta * Math.sqrt(1 - Math.pow(0.9, t)) / (1 - Math.pow(0.8, t));
      double[] step = new double[3];
      for (int i = 0; i < 3; i++) {
        m[i] = 0.8 * m[i] + 0.2 * g[i];
        v[i] = 0.9 * v[i] + 0.1 * g[i] * g[i];
        step[i] = alpha * m[i] / (Math.sqrt(v[i]) + 1e-3);
      }
      w = new double[] {w[0] - step[0] - eta * decay * w[0], w[1] - step[1] - eta * decay * w[1]};
      b -= step[2];
      network.fit(new DataSet(Nd4j.createFromArray(new float[][] {
          {(float) xs[s][0], (float) xs[s][1]}}), Nd4j.createFromArray(new float[][] {
          {(float) ys[s]}})));
    }
    assertArrayEquals(new double[] {w[0], w[1]}, network.getParam("0_W").toDoubleVector(), 1e-6);
    assertEquals(b, network.getParam("0_b").getDouble(0), 1e-6);
  }

  @Test
  void globalNormClippingScalesTheMeanGradientToExactlyTheThreshold() {
    DataSet batch = TinyNetworks.batch(16, 3);
    float[] full = sgdStep(ClipSpec.none(), batch);
    double norm = norm(full);
    float[] clipped = sgdStep(new ClipSpec(ClipSpec.Mode.GLOBAL_NORM, norm / 4), batch);
    assertEquals(norm / 4, norm(clipped), 1e-6 * norm);
    for (int i = 0; i < full.length; i++) {
      assertEquals(full[i] / 4, clipped[i], 1e-6, "component " + i);
    }
    float[] loose = sgdStep(new ClipSpec(ClipSpec.Mode.GLOBAL_NORM, norm * 2), batch);
    assertArrayEquals(full, loose, 1e-7f, "a threshold above the norm must change nothing");
  }

  @Test
  void valueClippingBoundsEveryComponentOfTheMeanGradient() {
    DataSet batch = TinyNetworks.batch(16, 4);
    float[] full = sgdStep(ClipSpec.none(), batch);
    float largest = 0;
    for (float f : full) {
      largest = Math.max(largest, Math.abs(f));
    }
    float bound = largest / 3;
    float[] clipped = sgdStep(new ClipSpec(ClipSpec.Mode.VALUE, bound), batch);
    int bounded = 0;
    for (int i = 0; i < full.length; i++) {
      float expected = Math.max(-bound, Math.min(bound, full[i]));
      assertEquals(expected, clipped[i], 1e-6, "component " + i);
      bounded += Math.abs(full[i]) > bound ? 1 : 0;
    }
    assertTrue(bounded > 0, "no component exceeded the bound: the test would be blind");
  }

  /**
   * One plain SGD step at rate 1 of a dense, batch-norm, softmax network: the trainable
   * parameters' change, which is the mean gradient as clipped. Batch normalisation's running mean
   * and variance (DL4J updates them through a NoOp updater) are left out, as the clipping leaves
   * them out.
   */
  private static float[] sgdStep(ClipSpec clip, DataSet batch) {
    OptimizerSpec spec = new OptimizerSpec(OptimizerSpec.Type.SGD, 1.0, 0.9, 0.9, 0.999, 1e-8,
        ScheduleSpec.constant(), 0.999, 0.9, 0, clip);
    LayerSpec hidden = new LayerSpec(LayerSpec.LayerType.DENSE, 6, null, null, null, null, null,
        LayerSpec.Activation.TANH, null, null, null, null, null);
    LayerSpec norm = new LayerSpec(LayerSpec.LayerType.BATCHNORM, null, null, null, null, null,
        null, null, null, null, null, null, null);
    MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configuration(
        ModelSpec.of(List.of(hidden, norm, LayerSpec.output(TinyNetworks.CLASSES))), spec, 9,
        InputShape.flat(TinyNetworks.FEATURES)));
    network.init();
    OptimizerRules.install(network, spec);
    List<String> trainable = new ArrayList<>();
    for (Map.Entry<String, INDArray> p : network.paramTable().entrySet()) {
      String[] key = p.getKey().split("_", 2);
      if (!(network.getLayer(Integer.parseInt(key[0])).getConfig().getUpdaterByParam(key[1])
          instanceof NoOp)) {
        trainable.add(p.getKey());
      }
    }
    float[] before = flatten(network, trainable);
    network.fit(batch);
    float[] after = flatten(network, trainable);
    for (int i = 0; i < before.length; i++) {
      before[i] -= after[i];
    }
    return before;
  }

  private static float[] flatten(MultiLayerNetwork network, List<String> keys) {
    INDArray[] parts = keys.stream().map(k -> network.getParam(k).reshape(-1))
        .toArray(INDArray[]::new);
    return Nd4j.concat(0, parts).toFloatVector();
  }

  private static double norm(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }

  private static MultiLayerNetwork linearNetwork(OptimizerSpec spec) {
    LayerSpec output = new LayerSpec(LayerSpec.LayerType.OUTPUT, 1, null, null, null, null, null,
        LayerSpec.Activation.IDENTITY, null, LayerSpec.Loss.MSE, null, null, null);
    MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configuration(
        ModelSpec.of(List.of(output)), spec, 1, InputShape.flat(2)));
    network.init();
    OptimizerRules.install(network, spec);
    return network;
  }
}
