package io.sparktrain.bench;

import io.sparktrain.model.InputShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where one training step of the LeNet CNN goes, layer by layer, on one thread: each layer's
 * forward ({@code activate} in training mode) and forward plus backward
 * ({@code backpropGradient}) timed on their own, on the activations of a real step at batch 64
 * and random output gradients, plus the whole {@code computeGradientAndScore} and {@code fit};
 * with DL4J's convolution and with sparktrain's ({@code GemmConvolution}), in interleaved rounds,
 * medians.
 *
 * <p>Run with the classpath of {@code benchmarks/run.sh}, {@code OMP_NUM_THREADS=1}:
 * {@code java @conf/java17.args -cp ... io.sparktrain.bench.LayerProfile [ROUNDS]}.
 */
public final class LayerProfile {

  private static final int BATCH = 64;
  private static final int STEPS = 10;

  private LayerProfile() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Nd4j.getRandom().setSeed(7);
    INDArray features = Nd4j.rand(DataType.FLOAT, BATCH, 784);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 10);
    for (int r = 0; r < BATCH; r++) {
      labels.putScalar(r, r % 10, 1f);
    }
    List<String> names = new ArrayList<>();
    List<Runnable> dl4j = parts(build("dl4j"), features, labels, names);
    List<Runnable> gemm = parts(build("gemm"), features, labels, new ArrayList<>());
    double[][][] ms = new double[2][dl4j.size()][rounds];
    for (int round = -1; round < rounds; round++) {
      for (int p = 0; p < dl4j.size(); p++) {
        for (int v = 0; v < 2; v++) {
          double t = time((v == 0 ? dl4j : gemm).get(p));
          if (round >= 0) {
            ms[v][p][round] = t;
          }
        }
      }
    }
    System.out.printf("LeNet CNN, batch %d, one thread, ms per call (medians of %d interleaved"
        + " rounds of %d calls)%n", BATCH, rounds, STEPS);
    System.out.printf("%-44s %10s %10s %8s%n", "part", "DL4J conv", "GEMM conv", "speed-up");
    for (int p = 0; p < dl4j.size(); p++) {
      double a = median(ms[0][p]);
      double b = median(ms[1][p]);
      System.out.printf("%-44s %10.2f %10.2f %7.2fx%n", names.get(p), a, b, a / b);
    }
  }

  /** The CNN with the conv2d implementation {@code conv}, gradients view ready. */
  private static MultiLayerNetwork build(String conv) {
    MultiLayerNetwork net = BenchNetwork.cnn().build(InputShape.image(1, 28, 28), conv);
    net.initGradientsView();
    return net;
  }

  /** Each layer's forward and backward, then the whole gradient and a whole fit, as calls. */
  private static List<Runnable> parts(MultiLayerNetwork net, INDArray features, INDArray labels,
      List<String> names) {
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    int n = net.getnLayers();
    List<INDArray> inputs = new ArrayList<>();
    List<INDArray> grads = new ArrayList<>();
    INDArray x = features;
    for (int i = 0; i < n; i++) {
      InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
      if (pre != null) {
        x = pre.preProcess(x, BATCH, mgr);
      }
      inputs.add(x.dup());
      Layer layer = net.getLayer(i);
      layer.setInput(x, mgr);
      x = layer.activate(true, mgr).dup();
      grads.add(Nd4j.rand(DataType.FLOAT, x.shape()).subi(0.5));
    }
    List<Runnable> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Layer layer = net.getLayer(i);
      INDArray in = inputs.get(i);
      INDArray eps = grads.get(i);
      String kind = layer.type().name().toLowerCase();
      names.add("layer " + i + " " + kind + " forward");
      parts.add(() -> {
        layer.setInput(in, mgr);
        layer.activate(true, mgr);
      });
      names.add("layer " + i + " " + kind + " forward + backward");
      parts.add(() -> {
        layer.setInput(in, mgr);
        if (layer instanceof IOutputLayer out) {
          out.setLabels(labels);
        }
        layer.activate(true, mgr);
        layer.backpropGradient(eps, mgr);
      });
    }
    names.add("computeGradientAndScore (forward + backward)");
    parts.add(() -> {
      net.setInput(features);
      net.setLabels(labels);
      net.computeGradientAndScore();
    });
    names.add("fit(features, labels)");
    parts.add(() -> net.fit(features, labels));
    return parts;
  }

  /** Milliseconds a call of {@code part}, over {@value #STEPS} calls. */
  static double time(Runnable part) {
    long start = System.nanoTime();
    for (int s = 0; s < STEPS; s++) {
      part.run();
    }
    return (System.nanoTime() - start) / 1e6 / STEPS;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
