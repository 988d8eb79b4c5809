package io.sparktrain.spec;

/**
 * A learning-rate schedule over the global iteration (or epoch) count.
 *
 * @param type the schedule; default {@link Type#CONSTANT}
 * @param decayRate step/exponential: multiplier per step (0, 1]; inverse: gamma &gt; 0
 * @param step step: iterations (or epochs) between decays, &gt;= 1
 * @param per whether the schedule counts iterations or epochs; default {@link Per#EPOCH}
 */
public record ScheduleSpec(Type type, double decayRate, int step, Per per) {

  /** Schedule shapes. */
  public enum Type { CONSTANT, STEP, EXPONENTIAL, INVERSE }

  /** What the schedule counts. */
  public enum Per { ITERATION, EPOCH }

  public static ScheduleSpec constant() {
    return new ScheduleSpec(Type.CONSTANT, 1.0, 1, Per.EPOCH);
  }
}
