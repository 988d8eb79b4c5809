package io.sparktrain.train.worker;

import io.sparktrain.exchange.Handback;
import io.sparktrain.train.replica.GlobalState;
import java.io.Serializable;

/**
 * What an epoch's barrier stage hands back to the driver, from rank 0 (every task ends with the
 * same averaged state, so one copy is enough).
 *
 * @param state the averaged parameters and updater state after the last round
 * @param examples examples trained on, over all tasks
 * @param lossSum sum of per-example training losses over the epoch
 * @param rounds averaging rounds run
 * @param divergedRound the zero-based round whose averaged loss was not finite, or -1
 * @param divergedLoss that loss
 */
public record EpochOutcome(GlobalState state, long examples, double lossSum, int rounds,
    int divergedRound, double divergedLoss) implements Serializable {

  /** The outcome as the exchange hands it to the driver; {@link #of} reads it back. */
  public Handback handback() {
    return new Handback(
        new long[] {examples, rounds, divergedRound, state.iteration()},
        new double[] {lossSum, divergedLoss, state.rateScale()},
        new float[][] {state.params(), state.updaterState()});
  }

  /** The outcome {@link #handback} handed back. */
  public static EpochOutcome of(Handback handback) {
    long[] counts = handback.longs();
    double[] measures = handback.doubles();
    float[][] arrays = handback.arrays();
    if (counts.length != 4 || measures.length != 3 || arrays.length != 2) {
      throw new IllegalArgumentException("not an epoch outcome: " + counts.length + " counts, "
          + measures.length + " measures, " + arrays.length + " arrays");
    }
    return new EpochOutcome(new GlobalState(arrays[0], arrays[1], counts[3], measures[2]),
        counts[0], measures[0], Math.toIntExact(counts[1]), Math.toIntExact(counts[2]),
        measures[1]);
  }
}
