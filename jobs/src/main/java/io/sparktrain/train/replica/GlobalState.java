package io.sparktrain.train.replica;

import java.io.Serializable;

/**
 * What every replica starts a round from: the averaged parameters and updater state, and the
 * global iteration count (so Adam's bias correction and learning-rate schedules see the same step
 * as single-machine training would). Broadcast read-only: tasks copy, never mutate, these arrays.
 *
 * @param params flattened network parameters
 * @param updaterState flattened updater state; empty for stateless updaters
 * @param iteration global mini-batch step count so far
 * @param rateScale the learning rates every replica applies, as a multiple of the ones its
 *     network was built with (ReduceLROnPlateau, divergence rollback); 1 unless changed
 */
public record GlobalState(float[] params, float[] updaterState, long iteration, double rateScale)
    implements Serializable {

  /** At the rates the network was built with. */
  public GlobalState(float[] params, float[] updaterState, long iteration) {
    this(params, updaterState, iteration, 1.0);
  }

  /** The same state, trained at {@code scale} times the built rates. */
  public GlobalState withRateScale(double scale) {
    return new GlobalState(params, updaterState, iteration, scale);
  }

  /** What one worker sends per averaging round: frozen layers are never part of it. */
  public long bytes() {
    return 4L * (params.length + updaterState.length);
  }
}
