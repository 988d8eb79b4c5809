package io.sparktrain.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Single MNIST images with their digits, read on the driver from the cache's IDX files, pixels
 * scaled to [0, 1]: what the pair networks' embeddings are judged on (nearest-neighbour
 * classification, a linear probe), since their own data holds pairs and views, not single images.
 */
public final class DigitImages {

  private DigitImages() {}

  /**
   * Images {@code [from, to)} of the training file ({@code train}) or the test file.
   *
   * @throws DataException if MNIST is not installed in the cache
   */
  public static List<Example> read(DataCache cache, boolean train, int from, int to) {
    String prefix = train ? "train" : "t10k";
    java.nio.file.Path dir = cache.ensure(io.sparktrain.spec.DataSource.MNIST.yamlName());
    IdxFile images = IdxFile.open(dir.resolve(prefix + "-images-idx3-ubyte"));
    IdxFile labels = IdxFile.open(dir.resolve(prefix + "-labels-idx1-ubyte"));
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
}
