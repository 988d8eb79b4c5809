package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Greyscale images and their labels from a pair of IDX files (MNIST's layout). The driver checks
 * both headers; the executors read their own record ranges, so the pixels never pass through the
 * driver.
 */
final class IdxImageSource {

  private IdxImageSource() {}

  /** The checked pair; image shape is [height, width, channels]. */
  record Pair(IdxFile images, IdxFile labels, int[] imageShape) {}

  /**
   * @throws DataException if either file is corrupt or they disagree on the record count
   */
  static Pair open(Path images, Path labels) {
    IdxFile x = IdxFile.open(images);
    IdxFile y = IdxFile.open(labels);
    int[] dims = x.dims();
    if (dims.length != 3) {
      throw new DataException(images + ": expected images [count, height, width], found "
          + dims.length + " dimensions");
    }
    if (y.dims().length != 1) {
      throw new DataException(labels + ": expected a vector of labels, found "
          + y.dims().length + " dimensions");
    }
    if (x.count() != y.count()) {
      throw new DataException(images + " holds " + x.count() + " images but " + labels
          + " holds " + y.count() + " labels");
    }
    return new Pair(x, y, new int[] {dims[1], dims[2], 1});
  }

  /**
   * The first {@code limit} records as examples with raw pixel values 0..255, indexed by record.
   *
   * @param numClasses labels must be below it; an executor meeting one that is not fails the job
   *     with a {@link DataException} naming the file and record
   */
  static JavaRDD<Example> read(JavaSparkContext sc, Pair pair, int numClasses, int limit,
      int partitions) {
    int count = Math.min(limit, pair.images().count());
    List<int[]> ranges = new ArrayList<>();
    int step = Math.max(1, (count + partitions - 1) / partitions);
    for (int from = 0; from < count; from += step) {
      ranges.add(new int[] {from, Math.min(count, from + step)});
    }
    IdxFile images = pair.images();
    IdxFile labels = pair.labels();
    return sc.parallelize(ranges, Math.max(1, ranges.size()))
        .flatMap(range -> examples(images, labels, numClasses, range[0], range[1]).iterator());
  }

  private static List<Example> examples(IdxFile images, IdxFile labels, int numClasses, int from,
      int to) {
    byte[] pixels = images.read(from, to);
    byte[] classes = labels.read(from, to);
    int size = images.recordSize();
    List<Example> out = new ArrayList<>(to - from);
    for (int i = 0; i < to - from; i++) {
      int label = classes[i] & 0xff;
      if (label >= numClasses) {
        throw new DataException(labels.path() + ", record " + (from + i) + ": label " + label
            + " out of range (expected 0.." + (numClasses - 1) + ")");
      }
      float[] features = new float[size];
      for (int p = 0; p < size; p++) {
        features[p] = pixels[i * size + p] & 0xff;
      }
      out.add(new Example(from + i, features, label));
    }
    return out;
  }
}
