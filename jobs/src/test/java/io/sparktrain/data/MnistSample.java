package io.sparktrain.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first images of the real MNIST files in the data cache, scaled to [0, 1], for tests whose
 * claim is about learning; a test that calls it is skipped, saying why, when MNIST is not
 * installed ({@code sparktrain data fetch mnist}).
 */
public final class MnistSample {

  private MnistSample() {}

  /** Images {@code [from, to)} of the training file ({@code train}) or the test file. */
  public static List<Example> images(boolean train, int from, int to) {
    DataCache cache = DataCache.fromEnvironment();
    assumeTrue(cache.isInstalled("mnist"), "MNIST is not in the data cache " + cache.root());
    String prefix = train ? "train" : "t10k";
    IdxFile images = IdxFile.open(cache.path("mnist").resolve(prefix + "-images-idx3-ubyte"));
    IdxFile labels = IdxFile.open(cache.path("mnist").resolve(prefix + "-labels-idx1-ubyte"));
    byte[] pixels = images.read(from, to);
    byte[] classes = labels.read(from, to);
    int size = images.recordSize();
    List<Example> out = new ArrayList<>(to - from);
    for (int i = 0; i < to - from; i++) {
      float[] x = new float[size];
      for (int p = 0; p < size; p++) {
        x[p] = (pixels[i * size + p] & 0xff) / 255f;
      }
      out.add(new Example(from + i, x, classes[i]));
    }
    return out;
  }

  /** The examples' features, one row each. */
  public static INDArray features(List<Example> examples) {
    return Nd4j.create(examples.stream().map(Example::features).toArray(float[][]::new));
  }

  /** The examples' class labels. */
  public static int[] labels(List<Example> examples) {
    return examples.stream().mapToInt(Example::label).toArray();
  }
}
