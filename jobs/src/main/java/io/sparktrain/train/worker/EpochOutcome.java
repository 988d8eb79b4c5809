package io.sparktrain.train.worker;

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
    int divergedRound, double divergedLoss) implements Serializable {}
