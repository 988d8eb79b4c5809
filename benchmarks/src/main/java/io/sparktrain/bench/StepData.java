package io.sparktrain.bench;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.DigitImages;
import io.sparktrain.data.Example;
import io.sparktrain.train.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Real MNIST rows for {@link StepBenchmark}, gathered into batches the way a worker of the engine
 * gathers them: the first records of MNIST's training file ({@link DigitImages}: pixels scaled to
 * [0, 1] as the specs' {@code scaling: unit} does), one-hot labels, and each batch copied from a
 * shuffled order into reused arrays ({@link Shard#reusedBatch}).
 *
 * <p>Not seeded noise, which the harness used before: uniform noise with random labels trains
 * nothing, many ReLU units die, their Adam moments decay into subnormal floats, and on an Intel
 * Xeon every operation on one of them costs a microcode assist. With noise, one process ran the
 * MLP's step at 15,430 samples/s; with MNIST-like inputs (four pixels in five zero) at 26,651,
 * and the engine's own worker on MNIST at about 18,000 in a race: a "ceiling" below the engine.
 */
final class StepData {

  private final Shard shard;
  private final Random random;
  private int[] order;
  private int next;

  private StepData(Shard shard, long seed) {
    this.shard = shard;
    this.random = new Random(seed);
    this.order = shard.order(random.nextLong(), true);
  }

  /** The first {@code records} MNIST training records, fetched into the data cache if needed. */
  static StepData mnist(int records, long seed) {
    List<Example> examples = DigitImages.read(DataCache.fromEnvironment(), true, 0, records);
    return new StepData(Shard.of(examples.iterator(), 10), seed);
  }

  /**
   * The next batch of {@code rows} examples in this pass's shuffled order, a new order each pass;
   * valid only until the next call, as the engine's.
   */
  DataSet next(int rows) {
    if (next + rows > order.length) {
      order = shard.order(random.nextLong(), true);
      next = 0;
    }
    DataSet batch = shard.reusedBatch(order, next, next + rows);
    next += rows;
    return batch;
  }

  /** {@code count} batches of their own arrays, for candidates that keep batches between steps. */
  List<DataSet> fixed(int count, int rows) {
    List<DataSet> batches = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      batches.add(shard.batch(order, b * rows, (b + 1) * rows));
    }
    return batches;
  }
}
