package io.sparktrain.spec;

import java.util.List;

/**
 * The updater, its learning rate and what else shapes a step: weight decay and gradient clipping.
 * Which keys apply depends on {@link #type()} ({@link Type#allows}); the others hold the type's
 * defaults and are neither read nor written. Every default is in {@link #defaults(Type)}.
 *
 * @param type the update rule; default {@link Type#ADAM}
 * @param learningRate base learning rate, &gt; 0; default 0.001 (adagrad 0.01, adamax and nadam
 *     0.002); adadelta has none
 * @param momentum momentum/nesterov: momentum coefficient in [0, 1); default 0.9
 * @param beta1 adam family: first-moment decay in [0, 1); default 0.9
 * @param beta2 adam family: second-moment (adamax: infinity-norm) decay in [0, 1); default 0.999
 * @param epsilon denominator guard, &gt; 0; default 1e-8 (adagrad 1e-10, adadelta 1e-6,
 *     adabelief 1e-16)
 * @param schedule how the learning rate changes with the global iteration; default constant
 * @param beta3 adamod: decay of the step sizes' moving average that caps them, in [0, 1);
 *     default 0.999
 * @param rho rmsprop/adadelta: decay of the squared-gradient average, in [0, 1); default 0.9
 *     (adadelta 0.95)
 * @param weightDecay decoupled weight decay (Loshchilov and Hutter 2019), &gt;= 0: every step
 *     also takes {@code eta_t * weightDecay * w} off each weight {@code w}, where {@code eta_t} is
 *     the schedule's multiplier (1 without a schedule); default 0
 * @param clip gradient clipping before the update; default none
 */
public record OptimizerSpec(
    Type type,
    double learningRate,
    double momentum,
    double beta1,
    double beta2,
    double epsilon,
    ScheduleSpec schedule,
    double beta3,
    double rho,
    double weightDecay,
    ClipSpec clip) {

  public static final Range LEARNING_RATE = Range.POSITIVE;
  /** momentum, beta1, beta2, beta3 and rho: each the decay of a moving average. */
  public static final Range DECAY = Range.UNIT_HALF_OPEN;
  public static final Range EPSILON = Range.POSITIVE;
  public static final Range WEIGHT_DECAY = Range.NON_NEGATIVE;

  /**
   * Checks the keys {@link #type()} reads (the others hold defaults nobody reads), and the
   * schedule's rates against this learning rate.
   *
   * @throws SpecException naming every key out of range, relative to {@code optimizer}
   */
  public OptimizerSpec {
    Checks checks = new Checks().required("type", type).required("schedule", schedule)
        .required("clip", clip).in(WEIGHT_DECAY, "weightDecay", weightDecay);
    if (type != null) {
      checks.inIf(type.allows("learningRate"), LEARNING_RATE, "learningRate", learningRate);
      checks.inIf(type.allows("momentum"), DECAY, "momentum", momentum);
      checks.inIf(type.allows("beta1"), DECAY, "beta1", beta1);
      checks.inIf(type.allows("beta2"), DECAY, "beta2", beta2);
      checks.inIf(type.allows("epsilon"), EPSILON, "epsilon", epsilon);
      checks.inIf(type.allows("beta3"), DECAY, "beta3", beta3);
      checks.inIf(type.allows("rho"), DECAY, "rho", rho);
      if (schedule != null && type.allows("schedule")) {
        ScheduleSpec.Type shape = schedule.type();
        rate(checks, shape.allows("minLearningRate"), "schedule.minLearningRate",
            ScheduleSpec.minRateProblem(schedule.minLearningRate(), learningRate));
        rate(checks, shape.allows("maxLearningRate"), "schedule.maxLearningRate",
            ScheduleSpec.maxRateProblem(schedule.maxLearningRate(), learningRate));
      }
    }
    checks.throwIfAny("optimizer");
  }

  private static void rate(Checks checks, boolean applies, String key, String problem) {
    checks.check(!applies || problem == null, key, String.valueOf(problem));
  }

  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  public static final double DEFAULT_MOMENTUM = 0.9;
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_BETA3 = 0.999;
  public static final double DEFAULT_EPSILON = 1e-8;

  /**
   * The spec as it was before weight decay, clipping, beta3 and rho: those at the type's defaults.
   */
  public OptimizerSpec(Type type, double learningRate, double momentum, double beta1,
      double beta2, double epsilon, ScheduleSpec schedule) {
    this(type, learningRate, momentum, beta1, beta2, epsilon, schedule, DEFAULT_BETA3,
        defaultRho(type), 0.0, ClipSpec.none());
  }

  /** Adam at learning rate 0.001 with the usual betas and a constant schedule. */
  public static OptimizerSpec defaults() {
    return defaults(Type.ADAM);
  }

  /** Every key of {@code type} at its default: the defaults of the papers that define them. */
  public static OptimizerSpec defaults(Type type) {
    double learningRate = switch (type) {
      case ADAGRAD -> 1e-2;
      case ADAMAX, NADAM -> 2e-3;
      case ADADELTA -> 1.0;
      default -> DEFAULT_LEARNING_RATE;
    };
    double epsilon = switch (type) {
      case ADAGRAD -> 1e-10;
      case ADADELTA -> 1e-6;
      case ADABELIEF -> 1e-16;
      default -> DEFAULT_EPSILON;
    };
    return new OptimizerSpec(type, learningRate, DEFAULT_MOMENTUM, DEFAULT_BETA1, DEFAULT_BETA2,
        epsilon, ScheduleSpec.constant(), DEFAULT_BETA3, defaultRho(type), 0.0, ClipSpec.none());
  }

  private static double defaultRho(Type type) {
    return type == Type.ADADELTA ? 0.95 : 0.9;
  }

  /** This spec at another base learning rate (a layer group's own rate, say). */
  public OptimizerSpec withLearningRate(double rate) {
    return new OptimizerSpec(type, rate, momentum, beta1, beta2, epsilon, schedule, beta3, rho,
        weightDecay, clip);
  }

  /**
   * Update rules, each with the keys it reads besides {@code type}, {@code weightDecay} and
   * {@code clip}. References: Robbins and Monro 1951 (sgd); Polyak 1964 (momentum); Sutskever et
   * al. 2013 (nesterov); Kingma and Ba 2015 (adam, adamax); Duchi et al. 2011 (adagrad); Zeiler
   * 2012 (adadelta); Tieleman and Hinton 2012 (rmsprop); Dozat 2016 (nadam); Reddi et al. 2018
   * (amsgrad); Zhuang et al. 2020 (adabelief); Ding et al. 2019 (adamod).
   */
  public enum Type {
    SGD("learningRate", "schedule"),
    MOMENTUM("learningRate", "schedule", "momentum"),
    NESTEROV("learningRate", "schedule", "momentum"),
    ADAM("learningRate", "schedule", "beta1", "beta2", "epsilon"),
    ADAGRAD("learningRate", "schedule", "epsilon"),
    /** Sets its own step sizes: no learning rate, so no schedule. */
    ADADELTA("rho", "epsilon"),
    RMSPROP("learningRate", "schedule", "rho", "epsilon"),
    /** Divides by an infinity norm, never near zero: no epsilon. */
    ADAMAX("learningRate", "schedule", "beta1", "beta2"),
    NADAM("learningRate", "schedule", "beta1", "beta2", "epsilon"),
    AMSGRAD("learningRate", "schedule", "beta1", "beta2", "epsilon"),
    ADABELIEF("learningRate", "schedule", "beta1", "beta2", "epsilon"),
    ADAMOD("learningRate", "schedule", "beta1", "beta2", "beta3", "epsilon");

    /** Keys every type reads. */
    public static final List<String> COMMON_KEYS = List.of("type", "weightDecay", "clip");

    private final List<String> keys;

    Type(String... keys) {
      this.keys = List.of(keys);
    }

    /** Whether a key of the {@code optimizer} section applies to this type. */
    public boolean allows(String key) {
      return COMMON_KEYS.contains(key) || keys.contains(key);
    }

    /** Whether the rule scales its steps by a learning rate (all but adadelta). */
    public boolean hasLearningRate() {
      return keys.contains("learningRate");
    }
  }
}
