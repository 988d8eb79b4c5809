package io.sparktrain.spec;

import java.util.List;
import java.util.function.Predicate;

/**
 * Reads the {@code optimizer} section and its {@code schedule} and {@code clip}: the keys the
 * chosen type and shape allow ({@link OptimizerSpec.Type#allows},
 * {@link ScheduleSpec.Type#allows}), each range-checked, absent ones at the type's defaults.
 */
final class OptimizerReader {

  static final List<String> OPTIMIZER_KEYS = List.of("type", "learningRate", "momentum", "beta1",
      "beta2", "beta3", "epsilon", "rho", "weightDecay", "clip", "schedule");
  static final List<String> SCHEDULE_KEYS = List.of("type", "per", "warmup", "decayRate", "step",
      "power", "period", "multiplier", "minLearningRate", "maxLearningRate");
  static final List<String> CLIP_KEYS = List.of("value", "globalNorm");

  private OptimizerReader() {}

  static OptimizerSpec optimizer(SpecNode node) {
    if (!node.isMapping(null)) {
      return OptimizerSpec.defaults();
    }
    int before = node.problemCount();
    node.checkKeys(OPTIMIZER_KEYS);
    OptimizerSpec.Type type =
        node.get("type").enumValue(OptimizerSpec.Type.class, OptimizerSpec.defaults().type());
    OptimizerSpec d = OptimizerSpec.defaults(type);
    for (String key : OPTIMIZER_KEYS) {
      if (!type.allows(key)) {
        node.reject(key, "not allowed for optimizer '" + YamlNames.of(type) + "'"
            + (key.equals("learningRate") || key.equals("schedule")
                ? ": it sets its own step sizes (Zeiler 2012)" : ""));
      }
    }
    Reader r = new Reader(node, type::allows);
    double learningRate = r.number("learningRate", d.learningRate(), OptimizerSpec.LEARNING_RATE);
    ScheduleSpec schedule = type.allows("schedule")
        ? schedule(node.get("schedule"), learningRate) : d.schedule();
    double momentum = r.number("momentum", d.momentum(), OptimizerSpec.DECAY);
    double beta1 = r.number("beta1", d.beta1(), OptimizerSpec.DECAY);
    double beta2 = r.number("beta2", d.beta2(), OptimizerSpec.DECAY);
    double epsilon = r.number("epsilon", d.epsilon(), OptimizerSpec.EPSILON);
    double beta3 = r.number("beta3", d.beta3(), OptimizerSpec.DECAY);
    double rho = r.number("rho", d.rho(), OptimizerSpec.DECAY);
    double weightDecay = r.number("weightDecay", d.weightDecay(), OptimizerSpec.WEIGHT_DECAY);
    ClipSpec clip = clip(node.get("clip"));
    return SectionReader.unlessReported(node, before, d, () -> new OptimizerSpec(type,
        learningRate, momentum, beta1, beta2, epsilon, schedule, beta3, rho, weightDecay, clip));
  }

  /** Reads the keys a type or shape allows; the others keep their defaults (and were rejected). */
  private record Reader(SpecNode node, Predicate<String> allowed) {

    double number(String key, double fallback, Range range) {
      return allowed.test(key) ? node.get(key).number(fallback, range) : fallback;
    }

    int integer(String key, int fallback, Range range) {
      return allowed.test(key) ? node.get(key).integer(fallback, range) : fallback;
    }
  }

  /**
   * The schedule, whose minimum and maximum rates are checked against the optimizer's
   * {@code learningRate}.
   */
  static ScheduleSpec schedule(SpecNode node, double learningRate) {
    ScheduleSpec d = ScheduleSpec.constant();
    if (!node.isMapping(null)) {
      return d;
    }
    int before = node.problemCount();
    node.checkKeys(SCHEDULE_KEYS);
    ScheduleSpec.Type type = node.get("type").enumValue(ScheduleSpec.Type.class, d.type());
    for (String key : SCHEDULE_KEYS) {
      if (!type.allows(key)) {
        node.reject(key, "not allowed for schedule '" + YamlNames.of(type) + "'");
      } else if (type.required().contains(key)) {
        node.get(key).require();
      }
    }
    Reader r = new Reader(node, type::allows);
    double min = r.number("minLearningRate", d.minLearningRate(), ScheduleSpec.MIN_LEARNING_RATE);
    double max = r.number("maxLearningRate", d.maxLearningRate(), ScheduleSpec.MAX_LEARNING_RATE);
    if (node.has("minLearningRate") && type.allows("minLearningRate")) {
      rateProblem(node.get("minLearningRate"), ScheduleSpec.minRateProblem(min, learningRate));
    }
    if (node.has("maxLearningRate") && type.allows("maxLearningRate")) {
      rateProblem(node.get("maxLearningRate"), ScheduleSpec.maxRateProblem(max, learningRate));
    }
    double decayRate = r.number("decayRate", d.decayRate(), ScheduleSpec.decayRange(type));
    int step = r.integer("step", d.step(), ScheduleSpec.STEPS);
    ScheduleSpec.Per per = node.get("per").enumValue(ScheduleSpec.Per.class, d.per());
    double power = r.number("power", d.power(), ScheduleSpec.POWER);
    int period = r.integer("period", d.period(), ScheduleSpec.STEPS);
    int multiplier = r.integer("multiplier", d.multiplier(), ScheduleSpec.STEPS);
    int warmup = node.get("warmup").integer(d.warmup(), ScheduleSpec.WARMUP);
    return SectionReader.unlessReported(node, before, d, () -> new ScheduleSpec(type, decayRate,
        step, per, power, period, multiplier, min, max, warmup));
  }

  private static void rateProblem(SpecNode node, String problem) {
    if (problem != null) {
      node.problem(problem);
    }
  }

  /** {@code {value: X}} or {@code {globalNorm: X}}, X &gt; 0; none when absent. */
  static ClipSpec clip(SpecNode node) {
    if (!node.isMapping(null)) {
      return ClipSpec.none();
    }
    int before = node.problemCount();
    node.checkKeys(CLIP_KEYS);
    boolean value = node.has("value");
    boolean norm = node.has("globalNorm");
    if (value == norm) {
      node.problem("must give exactly one of value, globalNorm, found " + node.found());
      return ClipSpec.none();
    }
    ClipSpec.Mode mode = value ? ClipSpec.Mode.VALUE : ClipSpec.Mode.GLOBAL_NORM;
    double threshold = node.get(value ? "value" : "globalNorm").number(1, ClipSpec.THRESHOLD);
    return SectionReader.unlessReported(node, before, ClipSpec.none(),
        () -> new ClipSpec(mode, threshold));
  }
}
