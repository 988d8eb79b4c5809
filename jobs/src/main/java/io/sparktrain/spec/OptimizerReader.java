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
    double learningRate = r.number("learningRate", d.learningRate(), Range.POSITIVE);
    ScheduleSpec schedule = type.allows("schedule")
        ? schedule(node.get("schedule"), learningRate) : d.schedule();
    return new OptimizerSpec(type, learningRate,
        r.number("momentum", d.momentum(), Range.UNIT_HALF_OPEN),
        r.number("beta1", d.beta1(), Range.UNIT_HALF_OPEN),
        r.number("beta2", d.beta2(), Range.UNIT_HALF_OPEN),
        r.number("epsilon", d.epsilon(), Range.POSITIVE), schedule,
        r.number("beta3", d.beta3(), Range.UNIT_HALF_OPEN),
        r.number("rho", d.rho(), Range.UNIT_HALF_OPEN),
        r.number("weightDecay", d.weightDecay(), Range.NON_NEGATIVE),
        clip(node.get("clip")));
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
    Range decay = type == ScheduleSpec.Type.INVERSE ? Range.POSITIVE : Range.UNIT_LOW_OPEN;
    double min = r.number("minLearningRate", d.minLearningRate(), Range.NON_NEGATIVE);
    double max = r.number("maxLearningRate", d.maxLearningRate(), Range.POSITIVE);
    if (node.has("minLearningRate") && type.allows("minLearningRate") && min >= learningRate) {
      node.get("minLearningRate").problem("must be < optimizer.learningRate ("
          + learningRate + "), found " + min);
    }
    if (node.has("maxLearningRate") && type.allows("maxLearningRate") && max <= learningRate) {
      node.get("maxLearningRate").problem("must be > optimizer.learningRate ("
          + learningRate + "), found " + max);
    }
    return new ScheduleSpec(type, r.number("decayRate", d.decayRate(), decay),
        r.integer("step", d.step(), Range.atLeast(1)),
        node.get("per").enumValue(ScheduleSpec.Per.class, d.per()),
        r.number("power", d.power(), Range.POSITIVE),
        r.integer("period", d.period(), Range.atLeast(1)),
        r.integer("multiplier", d.multiplier(), Range.atLeast(1)), min, max,
        node.get("warmup").integer(d.warmup(), Range.atLeast(0)));
  }

  /** {@code {value: X}} or {@code {globalNorm: X}}, X &gt; 0; none when absent. */
  static ClipSpec clip(SpecNode node) {
    if (!node.isMapping(null)) {
      return ClipSpec.none();
    }
    node.checkKeys(CLIP_KEYS);
    boolean value = node.has("value");
    boolean norm = node.has("globalNorm");
    if (value == norm) {
      node.problem("must give exactly one of value, globalNorm, found " + node.found());
      return ClipSpec.none();
    }
    return value
        ? new ClipSpec(ClipSpec.Mode.VALUE, node.get("value").number(1, Range.POSITIVE))
        : new ClipSpec(ClipSpec.Mode.GLOBAL_NORM,
            node.get("globalNorm").number(1, Range.POSITIVE));
  }
}
