package io.sparktrain.train.worker;

import io.sparktrain.exchange.Handback;
import io.sparktrain.train.replica.GlobalState;

/**
 * An epoch's starting state as the driver's rendezvous hands it to a task that does not hold it,
 * in the epochs the driver does not broadcast it (every task ended the last epoch holding it).
 */
public final class Handout {

  private Handout() {}

  /** The state as the rendezvous sends it; the arrays are shared, not copied. */
  public static Handback of(GlobalState state) {
    return new Handback(new long[] {state.iteration()}, new double[] {state.rateScale()},
        new float[][] {state.params(), state.updaterState()});
  }

  /** The state {@link #of} sent. */
  static GlobalState read(Handback handout) {
    if (handout.longs().length != 1 || handout.doubles().length != 1
        || handout.arrays().length != 2) {
      throw new IllegalArgumentException("not a starting state: " + handout.longs().length
          + " counts, " + handout.doubles().length + " measures, " + handout.arrays().length
          + " arrays");
    }
    return new GlobalState(handout.arrays()[0], handout.arrays()[1], handout.longs()[0],
        handout.doubles()[0]);
  }
}
