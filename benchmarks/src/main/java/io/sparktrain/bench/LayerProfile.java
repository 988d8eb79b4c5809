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
 * forward ({@code activate} in training mode) and backward ({@code backpropGradient}) timed on
 * its own, on the inputs and output gradients of a real step at batch 64, plus the whole
 * {@code computeGradientAndScore} and {@code fit} for reference. Interleaved rounds, medians.
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
    BenchNetwork cnn = BenchNetwork.cnn();
    MultiLayerNetwork net = cnn.build(InputShape.image(1, 28, 28));
    net.initGradientsView();
    Nd4j.getRandom().setSeed(7);
    INDArray features = Nd4j.rand(DataType.FLOAT, BATCH, 784);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 10);
    for (int r = 0; r < BATCH; r++) {
      labels.putScalar(r, r % 10, 1f);
    }
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
    String[] names = new String[n * 2 + 2];
    List<Runnable> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Layer layer = net.getLayer(i);
      INDArray in = inputs.get(i);
      INDArray eps = grads.get(i);
      String kind = layer.getClass().getSimpleName();
      names[2 * i] = "layer " + i + " " + kind + " forward";
      parts.add(() -> {
        layer.setInput(in, mgr);
        layer.activate(true, mgr);
      });
      names[2 * i + 1] = "layer " + i + " " + kind + " backward";
      parts.add(() -> {
        layer.setInput(in, mgr);
        if (layer instanceof IOutputLayer out) {
          out.setLabels(labels);
          layer.activate(true, mgr);
        }
        layer.backpropGradient(eps, mgr);
      });
    }
    names[2 * n] = "computeGradientAndScore";
    parts.add(() -> {
      net.setInput(features);
      net.setLabels(labels);
      net.computeGradientAndScore();
    });
    names[2 * n + 1] = "fit(features, labels)";
    parts.add(() -> net.fit(features, labels));
    double[][] ms = new double[parts.size()][rounds];
    for (int round = -1; round < rounds; round++) {
      for (int p = 0; p < parts.size(); p++) {
        long start = System.nanoTime();
        for (int s = 0; s < STEPS; s++) {
          parts.get(p).run();
        }
        if (round >= 0) {
          ms[p][round] = (System.nanoTime() - start) / 1e6 / STEPS;
        }
      }
    }
    System.out.printf("LeNet CNN, batch %d, one thread, ms per call (median of %d rounds)%n",
        BATCH, rounds);
    for (int p = 0; p < parts.size(); p++) {
      double[] sorted = ms[p].clone();
      Arrays.sort(sorted);
      System.out.printf("%-48s %8.2f%n", names[p], sorted[rounds / 2]);
    }
  }
}
