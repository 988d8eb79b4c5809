package io.sparktrain.train;

import java.io.Serializable;

/**
 * What every task of one epoch's barrier stage does: {@code rounds} rounds of up to
 * {@code stepsPerRound} steps, each followed by an averaging. The epoch's longest shard takes
 * {@code maxSteps} steps, so round r advances the global step count by
 * {@code min(stepsPerRound, maxSteps - r * stepsPerRound)} on every task alike.
 *
 * @param epoch zero-based epoch
 * @param stepsPerRound k, the averaging frequency
 * @param maxSteps steps the largest shard takes in an epoch
 * @param batchSize examples per step per worker
 * @param jobSeed the job seed, from which shuffle and dropout seeds derive
 * @param shuffle whether each epoch visits the shard in a new seeded order
 * @param rendezvous the driver's {@link Rendezvous} address
 * @param timeoutMillis how long a task waits for a peer before it fails the stage
 * @param failure a failure to inject, for tests of the stage retry; {@link FailurePoint#NONE}
 * @param ringOnly whether tasks in one JVM still exchange over TCP as if each had its own executor
 *     ({@code spark.sparktrain.exchange=ring}): to test and measure the path between executors
 *     in local mode
 */
record EpochPlan(int epoch, int stepsPerRound, int maxSteps, int batchSize, long jobSeed,
    boolean shuffle, String rendezvous, int timeoutMillis, FailurePoint failure, boolean ringOnly)
    implements Serializable {

  int rounds() {
    return (maxSteps + stepsPerRound - 1) / stepsPerRound;
  }

  /** Global steps that round {@code round} adds. */
  int stepsIn(int round) {
    return Math.min(stepsPerRound, maxSteps - round * stepsPerRound);
  }
}
