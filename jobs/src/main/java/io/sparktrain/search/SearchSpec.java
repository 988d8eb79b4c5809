package io.sparktrain.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code search} section of a search file: what to try, what to sort by, how many at once.
 *
 * @param metric the {@code metrics.jsonl} field trials are compared by, from their last epoch;
 *     default {@code validationAccuracy}
 * @param goal whether higher or lower is better; default {@code min} for a metric named like a
 *     loss, else {@code max}
 * @param maxConcurrent trials that run at the same time; default 1
 * @param grid each field's values; every combination is a trial
 * @param random seeded draws, each combined with every grid point; null for none
 * @param halving successive halving; null to train every trial to the end
 */
public record SearchSpec(String metric, Goal goal, int maxConcurrent,
    Map<FieldPath, List<JsonNode>> grid, RandomDraws random, Halving halving) {

  public static final String DEFAULT_METRIC = "validationAccuracy";

  /** How many trials the search expands to: the grid's points times the random draws. */
  public long plannedTrials() {
    long points = random == null ? 1 : random.trials();
    for (List<JsonNode> values : grid.values()) {
      points = Math.min(points * values.size(), Integer.MAX_VALUE);
    }
    return points;
  }

  public SearchSpec {
    grid = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grid));
  }

  /** Whether a higher metric is better. */
  public enum Goal {
    @com.fasterxml.jackson.annotation.JsonProperty("max") MAX,
    @com.fasterxml.jackson.annotation.JsonProperty("min") MIN
  }

  /** The goal a metric has when the section names none: losses fall, the rest rise. */
  public static Goal defaultGoal(String metric) {
    return metric.toLowerCase(java.util.Locale.ROOT).contains("loss") ? Goal.MIN : Goal.MAX;
  }

  /**
   * {@code trials} draws from a seeded generator.
   *
   * @param trials draws, at least 1
   * @param seed the generator's seed; default 0
   * @param fields each field's distribution, in the order written
   */
  public record RandomDraws(int trials, long seed, Map<FieldPath, Distribution> fields) {
    public RandomDraws {
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }

  /**
   * Successive halving (Jamieson and Talwalkar 2016; Li et al., Hyperband, 2018): every trial
   * trains to the first rung's epoch, the best {@code keep} of them go on to the next rung, and
   * so on; the rest stop there.
   *
   * @param rungs epochs at which trials are compared, rising, each below the trials' epochs
   * @param keep the fraction that goes on (at least one trial); default 0.5
   */
  public record Halving(List<Integer> rungs, double keep) {
    public static final double DEFAULT_KEEP = 0.5;

    public Halving {
      rungs = List.copyOf(rungs);
    }

    /** How many of {@code n} trials go on past a rung. */
    public int survivors(int n) {
      return Math.max(1, (int) Math.ceil(n * keep));
    }
  }

  /** Every searched field, grid first, in the order written. */
  public List<FieldPath> fields() {
    List<FieldPath> all = new java.util.ArrayList<>(grid.keySet());
    if (random != null) {
      all.addAll(random.fields().keySet());
    }
    return all;
  }
}
