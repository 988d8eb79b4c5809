package io.sparktrain.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktrain.spec.Range;
import io.sparktrain.spec.SpecNode;
import io.sparktrain.train.EpochMetrics;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code search} section into a {@link SearchSpec}, recording every problem under its
 * path ({@code search.random.fields."training.batchSize".logUniform: ...}) like the spec readers.
 * Whether each path names a spec field is checked later, against the job ({@link TrialPlan}).
 */
final class SearchSpecReader {

  static final List<String> KEYS =
      List.of("metric", "goal", "maxConcurrent", "grid", "random", "halving");
  private static final List<String> RANDOM_KEYS = List.of("trials", "seed", "fields");
  private static final List<String> HALVING_KEYS = List.of("rungs", "keep");
  /** Fields the search sets itself: each trial's name, and where its run goes. */
  private static final List<String> NOT_SEARCHABLE = List.of("name", "output");

  /**
   * The most trials one search may plan: every trial's spec is built and checked before the first
   * starts, so a typo (a grid of 20 x 50 x 100 values, {@code trials: 1e9}) must be refused, not
   * expanded until memory runs out.
   */
  static final int MAX_TRIALS = 1_000;

  private SearchSpecReader() {}

  /** The section, or null when it is missing or no mapping (problems recorded). */
  static SearchSpec read(SpecNode node) {
    if (!node.isMapping("missing required section (a search file is a job spec with a search "
        + "section)")) {
      return null;
    }
    node.checkKeys(KEYS);
    String metric = metric(node.get("metric"));
    SearchSpec.Goal goal = node.get("goal").enumValue(SearchSpec.Goal.class,
        SearchSpec.defaultGoal(metric));
    int maxConcurrent = node.get("maxConcurrent").integer(1, Range.atLeast(1));
    Map<FieldPath, List<JsonNode>> grid = grid(node.get("grid"));
    SearchSpec.RandomDraws random = random(node.get("random"));
    if (grid.isEmpty() && random == null) {
      node.problem("needs a grid or random section with at least one field");
    }
    if (random != null) {
      random.fields().keySet().stream().filter(grid::containsKey).forEach(path ->
          node.get("random").get("fields").get(path.text()).problem("also in search.grid"));
    }
    SearchSpec.Halving halving = halving(node.get("halving"));
    SearchSpec planned = new SearchSpec(metric, goal, maxConcurrent, grid, random, halving);
    if (planned.plannedTrials() > MAX_TRIALS) {
      node.problem("plans " + planned.plannedTrials() + " trials, more than " + MAX_TRIALS
          + ": search fewer values");
    }
    // Expanded even with problems, leaving out the broken fields, so that the trials' own
    // problems (a path that is no spec field) are listed in the same run.
    return planned;
  }

  /** The metric must be a number {@code metrics.jsonl} carries. */
  private static String metric(SpecNode node) {
    String metric = node.text(SearchSpec.DEFAULT_METRIC);
    List<String> numeric = metricNames();
    if (!numeric.contains(metric)) {
      node.problem(node.unknownValue(numeric));
    }
    return metric;
  }

  /** The numeric fields of a {@code metrics.jsonl} line. */
  static List<String> metricNames() {
    return Arrays.stream(EpochMetrics.class.getRecordComponents())
        .filter(c -> c.getType().isPrimitive() || Number.class.isAssignableFrom(c.getType()))
        .map(RecordComponent::getName).toList();
  }

  private static Map<FieldPath, List<JsonNode>> grid(SpecNode node) {
    Map<FieldPath, List<JsonNode>> grid = new LinkedHashMap<>();
    if (!node.isPresent() || !node.isMapping(null)) {
      return grid;
    }
    for (String key : node.keys()) {
      SpecNode values = node.get(key);
      FieldPath path = path(values, key);
      if (!values.isList()) {
        values.problem("expected a list of values, found " + values.found());
        continue;
      }
      List<JsonNode> list = new ArrayList<>();
      for (SpecNode value : values.elements()) {
        if (value.json() == null || value.json().isNull()) {
          // Set into a trial, it would drop the field and train on the default instead.
          value.problem("empty value: a grid value must be a value of the field");
        } else {
          list.add(value.json());
        }
      }
      if (list.isEmpty()) {
        values.problem("empty list: a grid field needs at least one value");
      } else if (path != null) {
        grid.put(path, list);
      }
    }
    return grid;
  }

  private static SearchSpec.RandomDraws random(SpecNode node) {
    if (!node.isPresent() || !node.isMapping(null)) {
      return null;
    }
    node.checkKeys(RANDOM_KEYS);
    int trials = node.get("trials").require()
        ? node.get("trials").integer(1, new Range(1, false, MAX_TRIALS, false)) : 1;
    long seed = node.get("seed").longInteger(0);
    SpecNode fields = node.get("fields");
    Map<FieldPath, Distribution> draws = new LinkedHashMap<>();
    if (fields.isMapping("missing required key")) {
      for (String key : fields.keys()) {
        FieldPath path = path(fields.get(key), key);
        Distribution distribution = DistributionReader.read(fields.get(key));
        if (path != null && distribution != null) {
          draws.put(path, distribution);
        }
      }
      if (fields.keys().isEmpty()) {
        fields.problem("needs at least one field");
      }
    }
    return new SearchSpec.RandomDraws(trials, seed, draws);
  }

  private static SearchSpec.Halving halving(SpecNode node) {
    if (!node.isPresent() || !node.isMapping(null)) {
      return null;
    }
    node.checkKeys(HALVING_KEYS);
    List<Integer> rungs = new ArrayList<>();
    SpecNode list = node.get("rungs");
    if (list.require() && list.elements().isEmpty() && list.isList()) {
      list.problem("needs at least one epoch");
    }
    for (SpecNode rung : list.elements()) {
      int epoch = rung.integer(1, Range.atLeast(1));
      if (!rungs.isEmpty() && epoch <= rungs.get(rungs.size() - 1)) {
        rung.problem("rungs must rise, found " + epoch + " after " + rungs.get(rungs.size() - 1));
      }
      rungs.add(epoch);
    }
    double keep = node.get("keep").number(SearchSpec.Halving.DEFAULT_KEEP,
        new Range(0, true, 1, false));
    return new SearchSpec.Halving(rungs, keep);
  }

  /** The key's path, or null with a problem at the key when it is none or not searchable. */
  private static FieldPath path(SpecNode at, String key) {
    FieldPath path = FieldPath.parse(key).orElse(null);
    if (path == null) {
      at.problem("not a field path (keys joined by dots, list elements as [i]: "
          + "optimizer.learningRate, model.layers[0].units)");
      return null;
    }
    if (NOT_SEARCHABLE.contains(path.section())) {
      at.problem("not searchable: the search sets " + path.section() + " for each trial");
      return null;
    }
    return path;
  }
}
