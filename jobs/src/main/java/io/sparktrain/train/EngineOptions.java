package io.sparktrain.train;

import io.sparktrain.spec.BatchScheduleSpec;
import io.sparktrain.spec.DescentSpec.LastBatch;
import io.sparktrain.train.worker.EpochPlan;

/**
 * Engine settings that come from the job spec.
 *
 * @param batchSize examples per step per worker, &gt;= 1
 * @param averagingFrequency steps each worker takes between averagings, &gt;= 1
 * @param target what the network learns to output: the labels' classes, or the input
 * @param seed job seed, from which per-epoch shuffles derive
 * @param shuffle whether every epoch visits each shard in a new seeded order
 * @param batchSchedule grows the batch at given epochs; null: {@code batchSize} throughout
 * @param lastBatch what a worker does with the end of its shard that does not fill a batch
 */
public record EngineOptions(int batchSize, int averagingFrequency, Target target, long seed,
    boolean shuffle, BatchScheduleSpec batchSchedule, LastBatch lastBatch) {

  public EngineOptions {
    if (batchSize < 1 || averagingFrequency < 1) {
      throw new IllegalArgumentException("batchSize and averagingFrequency must be >= 1, found "
          + batchSize + ", " + averagingFrequency);
    }
  }

  /** With the same batch in every epoch. */
  public EngineOptions(
      int batchSize, int averagingFrequency, Target target, long seed, boolean shuffle) {
    this(batchSize, averagingFrequency, target, seed, shuffle, null, LastBatch.KEEP);
  }

  /** Options for a classifier of {@code numClasses} classes. */
  public EngineOptions(
      int batchSize, int averagingFrequency, int numClasses, long seed, boolean shuffle) {
    this(batchSize, averagingFrequency, Target.classes(numClasses), seed, shuffle);
  }

  /**
   * The plan of epoch {@code epoch} (zero-based) when the largest shard takes {@code maxSteps}
   * steps: the one division into rounds every engine follows.
   */
  public EpochPlan plan(int epoch, int maxSteps) {
    return new EpochPlan(epoch, averagingFrequency, maxSteps, batchAt(epoch), seed, shuffle,
        lastBatch);
  }

  /**
   * The plan of epoch {@code epoch} (zero-based) over shards of these sizes, at that epoch's
   * batch: a batch that grows mid-run takes fewer steps per epoch.
   */
  public EpochPlan plan(int epoch, long[] shardSizes) {
    return plan(epoch, EpochPlan.maxSteps(shardSizes, batchAt(epoch), lastBatch));
  }

  /** The per-worker batch of zero-based {@code epoch}. */
  public int batchAt(int epoch) {
    return batchSchedule == null ? batchSize : batchSchedule.batchAt(batchSize, epoch + 1);
  }

  public int numClasses() {
    return target.numClasses();
  }
}
