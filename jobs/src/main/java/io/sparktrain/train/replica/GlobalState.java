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
 */
public record GlobalState(float[] params, float[] updaterState, long iteration)
    implements Serializable {

  /** What one worker sends per averaging round: frozen layers are never part of it. */
  public long bytes() {
    return 4L * (params.length + updaterState.length);
  }
}
