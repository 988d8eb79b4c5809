package io.sparktrain.train.worker;

import io.sparktrain.spec.DescentSpec.LastBatch;
import io.sparktrain.spec.TrainingException;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * How one epoch divides into averaging rounds, for every engine: the epoch's largest shard takes
 * {@code maxSteps} steps, and every round but the last covers {@code stepsPerRound} of them on
 * every worker. Round r visits positions {@code [r*k*b, (r+1)*k*b)} of each worker's epoch order,
 * so where a worker is in its shard follows from (epoch, round) alone and a rebuilt replica
 * continues exactly where the lost one stopped; round r advances the global step count by
 * {@link #stepsIn} on every worker alike.
 *
 * @param epoch zero-based epoch
 * @param stepsPerRound k, the averaging frequency, &gt;= 1
 * @param maxSteps steps the largest shard takes in an epoch, &gt;= 1
 * @param batchSize examples per step per worker, &gt;= 1
 * @param jobSeed the job seed, from which shuffle and dropout seeds derive ({@link Seeds})
 * @param shuffle whether each epoch visits the shards in a new seeded order
 * @param lastBatch what a worker does with the end of its shard that does not fill a batch
 */
public record EpochPlan(int epoch, int stepsPerRound, int maxSteps, int batchSize, long jobSeed,
    boolean shuffle, LastBatch lastBatch) implements Serializable {

  /** Keeping a short last batch. */
  public EpochPlan(int epoch, int stepsPerRound, int maxSteps, int batchSize, long jobSeed,
      boolean shuffle) {
    this(epoch, stepsPerRound, maxSteps, batchSize, jobSeed, shuffle, LastBatch.KEEP);
  }

  /** Averaging rounds in the epoch. */
  public int rounds() {
    return (maxSteps + stepsPerRound - 1) / stepsPerRound;
  }

  /** Global steps that round {@code round} adds. */
  public int stepsIn(int round) {
    return Math.min(stepsPerRound, maxSteps - round * stepsPerRound);
  }

  /** Position in a worker's epoch order where round {@code round} starts. */
  public int firstExample(int round) {
    return round * stepsPerRound * batchSize;
  }

  /**
   * Steps the largest of shards of these sizes takes per epoch, at {@code batchSize} examples a
   * step (the last batch short).
   *
   * @throws TrainingException if every shard is empty
   */
  public static int maxSteps(long[] shardSizes, int batchSize) {
    return maxSteps(shardSizes, batchSize, LastBatch.KEEP);
  }

  /**
   * Steps the largest shard takes when its short last batch is handled by {@code last}: dropped,
   * it is no step (but a shard smaller than a batch still takes one).
   */
  public static int maxSteps(long[] shardSizes, int batchSize, LastBatch last) {
    long max = 0;
    for (long size : shardSizes) {
      long steps = last == LastBatch.DROP && size >= batchSize ? size / batchSize
          : (size + batchSize - 1) / batchSize;
      max = Math.max(max, steps);
    }
    if (max == 0) {
      throw new TrainingException("the training split is empty: nothing to train on");
    }
    return Math.toIntExact(max);
  }

  /** Examples in each partition of {@code shards}, counted on the executors. */
  public static long[] shardSizes(JavaRDD<?> shards) {
    List<Long> sizes = shards.mapPartitions(it -> {
      long n = 0;
      for (; it.hasNext(); it.next()) {
        n++;
      }
      return List.of(n).iterator();
    }).collect();
    return sizes.stream().mapToLong(Long::longValue).toArray();
  }
}
