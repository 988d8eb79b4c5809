package io.sparktrain.train.worker;

import io.sparktrain.exchange.Handback;
import io.sparktrain.spec.DescentSpec.LastBatch;
import io.sparktrain.train.replica.GlobalState;

/**
 * The driver's orders to the tasks of a several-epoch barrier stage: train this epoch by this
 * plan from this state, or stop. They travel as a {@link Handback}.
 *
 * @param plan the epoch's plan; null to stop
 * @param digest the digest of the state the epoch starts from ({@link HeldState})
 * @param iteration its global step count
 * @param rateScale the learning rates to train at, as a multiple of the built ones
 * @param state the state itself; null where the task's replica holds it already
 */
public record Orders(EpochPlan plan, long digest, long iteration, double rateScale,
    GlobalState state) {

  /** The orders that end the stage. */
  public static final Orders STOP = new Orders(null, 0, 0, 1, null);

  public boolean stop() {
    return plan == null;
  }

  /** These orders without the state, for a task that holds it. */
  public Orders withoutState() {
    return new Orders(plan, digest, iteration, rateScale, null);
  }

  public Handback handback() {
    if (stop()) {
      return new Handback(new long[] {-1}, new double[0], new float[0][]);
    }
    return new Handback(new long[] {plan.epoch(), plan.stepsPerRound(), plan.maxSteps(),
        plan.batchSize(), plan.jobSeed(), plan.shuffle() ? 1 : 0, plan.lastBatch().ordinal(),
        digest, iteration},
        new double[] {rateScale},
        state == null ? new float[0][] : new float[][] {state.params(), state.updaterState()});
  }

  /** The orders {@link #handback} wrote. */
  public static Orders of(Handback handback) {
    long[] n = handback.longs();
    if (n.length == 1 && n[0] == -1) {
      return STOP;
    }
    float[][] arrays = handback.arrays();
    if (n.length != 9 || handback.doubles().length != 1
        || (arrays.length != 0 && arrays.length != 2)) {
      throw new IllegalArgumentException("not an epoch's orders: " + n.length + " counts, "
          + handback.doubles().length + " measures, " + arrays.length + " arrays");
    }
    EpochPlan plan = new EpochPlan(Math.toIntExact(n[0]), Math.toIntExact(n[1]),
        Math.toIntExact(n[2]), Math.toIntExact(n[3]), n[4], n[5] == 1,
        LastBatch.values()[Math.toIntExact(n[6])]);
    double rateScale = handback.doubles()[0];
    GlobalState state = arrays.length == 0 ? null
        : new GlobalState(arrays[0], arrays[1], n[8], rateScale);
    return new Orders(plan, n[7], n[8], rateScale, state);
  }
}
