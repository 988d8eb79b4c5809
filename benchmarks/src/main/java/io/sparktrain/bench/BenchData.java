package io.sparktrain.bench;

import io.sparktrain.data.Example;
import io.sparktrain.data.LabeledData;
import io.sparktrain.train.Shard;
import io.sparktrain.train.worker.Seeds;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's MNIST splits, distributed for the Spark candidates and collected on the driver
 * for the single-machine ones, which visit the training examples in the same seeded order every
 * epoch: DL4J on one thread here, PyTorch through the file {@link #write} makes.
 */
record BenchData(LabeledData data, List<Example> train, List<Example> validation, Shard shard) {

  /** Magic and version of the file {@link #write} makes; mnist_bench.py checks both. */
  static final int MAGIC = 0x53544d42; // "STMB"
  static final int VERSION = 1;

  static BenchData of(LabeledData data) {
    List<Example> train = data.train().collect();
    return new BenchData(data, train, data.validation().collect(),
        Shard.of(train.iterator(), data.numClasses()));
  }

  /** The order in which the single-machine candidates visit the training examples in an epoch. */
  int[] order(long seed, int epoch) {
    return shard.order(Seeds.shuffle(seed, epoch, 0), true);
  }

  /**
   * Writes the splits and the first {@code epochs} epochs' orders for mnist_bench.py, all
   * little-endian: a header of int32 (magic, version, train count, validation count, features,
   * height, width, channels, classes, epochs), then the training features (float32, row-major),
   * labels (int32), the validation features and labels, and one int32 order per epoch.
   */
  void write(Path file, long seed, int epochs) {
    int[] shape = data.imageShape();
    int features = data.numFeatures();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      ints(out, MAGIC, VERSION, train.size(), validation.size(), features, shape[0], shape[1],
          shape[2], data.numClasses(), epochs);
      examples(out, train, features);
      examples(out, validation, features);
      for (int epoch = 0; epoch < epochs; epoch++) {
        ints(out, order(seed, epoch));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void examples(OutputStream out, List<Example> examples, int features)
      throws IOException {
    ByteBuffer row = ByteBuffer.allocate(4 * features).order(ByteOrder.LITTLE_ENDIAN);
    for (Example e : examples) {
      row.clear();
      row.asFloatBuffer().put(e.features());
      out.write(row.array());
    }
    ints(out, examples.stream().mapToInt(Example::label).toArray());
  }

  private static void ints(OutputStream out, int... values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asIntBuffer().put(values);
    out.write(bytes.array());
  }
}
