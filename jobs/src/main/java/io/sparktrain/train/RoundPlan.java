package io.sparktrain.train;

import java.io.Serializable;

/**
 * Which steps one averaging round covers. Round r of an epoch visits batches
 * {@code [r*k, (r+1)*k)} of every worker's epoch order, so where a worker is in its shard follows
 * from (epoch, round) alone and a rebuilt replica continues exactly where the lost one stopped.
 *
 * @param epoch zero-based epoch
 * @param round zero-based round within the epoch
 * @param stepsPerRound k, the averaging frequency
 * @param batchSize examples per step per worker
 * @param jobSeed the job seed, from which shuffle seeds derive
 * @param shuffle whether each epoch visits the shard in a new seeded order
 */
record RoundPlan(
    int epoch, int round, int stepsPerRound, int batchSize, long jobSeed, boolean shuffle)
    implements Serializable {

  int firstExample() {
    return round * stepsPerRound * batchSize;
  }
}
