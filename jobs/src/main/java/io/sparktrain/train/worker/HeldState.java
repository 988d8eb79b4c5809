package io.sparktrain.train.worker;

import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.replica.StateDigest;
import java.io.Serializable;

/**
 * What a task needs besides the state to start an epoch: the state's digest, so that a replica
 * that already holds it (every replica ends an epoch with the averaged state the driver goes on
 * from) skips fetching the broadcast and loading it, and the counts and rate that loading sets.
 *
 * @param digest {@link StateDigest#of(GlobalState)} of the epoch's starting state
 * @param iteration its global step count
 * @param rateScale the learning rates to train at, as a multiple of the built ones
 */
public record HeldState(long digest, long iteration, double rateScale) implements Serializable {

  /** Of the state the driver broadcasts. */
  public static HeldState of(GlobalState state) {
    return new HeldState(StateDigest.of(state), state.iteration(), state.rateScale());
  }
}
