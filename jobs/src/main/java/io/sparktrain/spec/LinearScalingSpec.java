package io.sparktrain.spec;

/**
 * The linear scaling rule (Goyal et al. 2017): {@code optimizer.learningRate} is the rate for a
 * global batch of {@code referenceBatch} examples, and the run trains at
 * {@code learningRate * workers * batchSize / referenceBatch}. Set from the starting batch only:
 * a batch that grows under {@code batchSchedule} keeps the rate, which is that schedule's point.
 * YAML: {@code training.linearScaling: {referenceBatch: 256}}.
 *
 * @param referenceBatch the global batch the spec's rate is meant for, &gt;= 1
 */
public record LinearScalingSpec(int referenceBatch) {

  public LinearScalingSpec {
    new Checks().in(Range.atLeast(1), "referenceBatch", referenceBatch)
        .throwIfAny("training.linearScaling");
  }

  /** The multiple of the spec's rate that {@code workers} workers of {@code batchSize} train at. */
  public double scale(int workers, int batchSize) {
    return (double) workers * batchSize / referenceBatch;
  }
}
