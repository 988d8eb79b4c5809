package io.sparktrain.spec;

import java.util.List;

/**
 * A learning-rate schedule over the global iteration (or epoch) count {@code t}, optionally after
 * a linear warm-up. Which keys apply depends on {@link #type()} ({@link Type#allows}); the others
 * hold the defaults of {@link #constant()}. {@code lr} below is {@code optimizer.learningRate}.
 *
 * @param type the schedule's shape; default {@link Type#CONSTANT}
 * @param decayRate step/exponential: multiplier per step in (0, 1]; inverse: gamma &gt; 0
 * @param step step: iterations (or epochs) between decays; cyclical: half a cycle; &gt;= 1
 * @param per whether {@code t} counts iterations or epochs; default {@link Per#EPOCH}
 * @param power polynomial: the exponent, &gt; 0; default 1 (linear decay)
 * @param period polynomial: how long the decay takes; cosine: the first cycle's length; &gt;= 1
 * @param multiplier cosine: how much longer each cycle is than the one before, &gt;= 1; default 1
 * @param minLearningRate polynomial/cosine: where the rate ends (cosine: each cycle), in
 *     [0, lr); default 0
 * @param maxLearningRate cyclical: the rate at the top of each cycle, &gt; lr
 * @param warmup iterations (or epochs) of linear warm-up before the schedule starts, &gt;= 0;
 *     default 0
 */
public record ScheduleSpec(
    Type type,
    double decayRate,
    int step,
    Per per,
    double power,
    int period,
    int multiplier,
    double minLearningRate,
    double maxLearningRate,
    int warmup) {

  public static final Range STEPS = Range.atLeast(1);
  public static final Range POWER = Range.POSITIVE;
  public static final Range MIN_LEARNING_RATE = Range.NON_NEGATIVE;
  public static final Range MAX_LEARNING_RATE = Range.POSITIVE;
  public static final Range WARMUP = Range.atLeast(0);

  /**
   * Checks the keys {@link #type()} reads (the others hold defaults nobody reads); the rates
   * against the optimizer's are checked by {@link OptimizerSpec}.
   *
   * @throws SpecException naming every key out of range, relative to {@code optimizer.schedule}
   */
  public ScheduleSpec {
    Checks checks = new Checks().required("type", type).required("per", per)
        .in(WARMUP, "warmup", warmup);
    if (type != null) {
      checks.inIf(type.allows("decayRate"), decayRange(type), "decayRate", decayRate);
      checks.inIf(type.allows("step"), STEPS, "step", step);
      checks.inIf(type.allows("power"), POWER, "power", power);
      checks.inIf(type.allows("period"), STEPS, "period", period);
      checks.inIf(type.allows("multiplier"), STEPS, "multiplier", multiplier);
      checks.inIf(type.allows("minLearningRate"), MIN_LEARNING_RATE, "minLearningRate",
          minLearningRate);
      checks.inIf(type.allows("maxLearningRate"), MAX_LEARNING_RATE, "maxLearningRate",
          maxLearningRate);
    }
    checks.throwIfAny("optimizer.schedule");
  }

  /** inverse: gamma &gt; 0; step and exponential: a multiplier in (0, 1]. */
  public static Range decayRange(Type type) {
    return type == Type.INVERSE ? Range.POSITIVE : Range.UNIT_LOW_OPEN;
  }

  /** Why {@code min} cannot end a decay from {@code learningRate}, or null when it can. */
  public static String minRateProblem(double min, double learningRate) {
    return min < learningRate ? null
        : "must be < optimizer.learningRate (" + learningRate + "), found " + min;
  }

  /** Why {@code max} cannot top a cycle from {@code learningRate}, or null when it can. */
  public static String maxRateProblem(double max, double learningRate) {
    return max > learningRate ? null
        : "must be > optimizer.learningRate (" + learningRate + "), found " + max;
  }

  /** The four-key schedule of before: step, exponential, inverse or constant, no warm-up. */
  public ScheduleSpec(Type type, double decayRate, int step, Per per) {
    this(type, decayRate, step, per, 1.0, 1, 1, 0.0, 0.0, 0);
  }

  /**
   * Schedule shapes, each with the keys it reads besides {@code type}, {@code per} and
   * {@code warmup}, the required ones first ({@link #required}).
   */
  public enum Type {
    /** {@code lr}. */
    CONSTANT(0),
    /** {@code lr * decayRate^floor(t / step)}. */
    STEP(2, "decayRate", "step"),
    /** {@code lr * decayRate^t}. */
    EXPONENTIAL(1, "decayRate"),
    /** {@code lr / (1 + decayRate * t)}. */
    INVERSE(1, "decayRate"),
    /** {@code min + (lr - min) * (1 - t / period)^power}, then {@code min}. */
    POLYNOMIAL(1, "period", "power", "minLearningRate"),
    /**
     * Cosine annealing with warm restarts (Loshchilov and Hutter 2017): within each cycle
     * {@code min + (lr - min) * (1 + cos(pi * t_cur / T_i)) / 2}, cycles of length
     * {@code period * multiplier^i}.
     */
    COSINE(1, "period", "multiplier", "minLearningRate"),
    /**
     * Triangular cyclical rate (Smith 2017): from {@code lr} linearly up to
     * {@code maxLearningRate} over {@code step}, back down over the next {@code step}, repeated.
     */
    CYCLICAL(2, "maxLearningRate", "step");

    /** Keys every schedule reads. */
    public static final List<String> COMMON_KEYS = List.of("type", "per", "warmup");

    private final List<String> keys;
    private final int required;

    Type(int required, String... keys) {
      this.required = required;
      this.keys = List.of(keys);
    }

    /** Whether a key of the {@code schedule} section applies to this shape. */
    public boolean allows(String key) {
      return COMMON_KEYS.contains(key) || keys.contains(key);
    }

    /** The keys this shape cannot do without. */
    public List<String> required() {
      return keys.subList(0, required);
    }
  }

  /** What the schedule counts. */
  public enum Per { ITERATION, EPOCH }

  /** A constant rate: every key at its default. */
  public static ScheduleSpec constant() {
    return new ScheduleSpec(Type.CONSTANT, 1.0, 1, Per.EPOCH);
  }
}
