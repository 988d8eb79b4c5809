package io.sparktrain.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.Problems;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecNode;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A search file read and expanded: the base job, the search section and every trial's spec, all
 * checked before any trial starts. A path that names no spec field, a bad distribution or a trial
 * whose values break a rule of the spec is a {@link SpecException} (exit 2) naming the path.
 *
 * @param name the search's name (the file's {@code name}): its runs go under it
 * @param base the job without the search section
 * @param search the search section
 * @param trials every trial, in order: the grid's combinations (first field slowest), each with
 *     every random draw
 * @param identity the file's content in canonical form: a killed search resumes only into a run
 *     of the same file
 */
public record TrialPlan(String name, JobSpec base, SearchSpec search, List<Trial> trials,
    String identity) {

  public TrialPlan {
    trials = List.copyOf(trials);
  }

  /**
   * Reads, expands and checks a search file.
   *
   * @throws SpecException listing every problem, by path
   */
  public static TrialPlan read(Path file) {
    return of(SpecReader.tree(file), file.toString());
  }

  /** The plan of a parsed search file; {@code source} names it in errors. */
  public static TrialPlan of(JsonNode tree, String source) {
    if (!(tree instanceof ObjectNode root)) {
      throw new SpecException(source, List.of("(document): expected a mapping, found "
          + (tree == null ? "nothing" : tree.toString())));
    }
    Problems problems = new Problems();
    SearchSpec search = SearchSpecReader.read(SpecNode.root(root, problems).get("search"));
    ObjectNode job = root.deepCopy();
    job.remove("search");
    JobSpec base = null;
    try {
      base = SpecReader.parse(job, source);
    } catch (SpecException e) {
      e.problems().forEach(problems::addLine);
    }
    List<Trial> trials = new ArrayList<>();
    // A search over the cap is already a problem; its trials are not expanded.
    if (search != null && base != null && search.plannedTrials() <= SearchSpecReader.MAX_TRIALS) {
      trials = trials(job, search, base, source, problems);
    }
    problems.throwIfAny(source);
    return new TrialPlan(base.name(), base, search, trials, root.toString());
  }

  private static List<Trial> trials(ObjectNode job, SearchSpec search, JobSpec base,
      String source, Problems problems) {
    List<Map<String, JsonNode>> points = points(search);
    String format = "trial-%0" + Math.max(2, String.valueOf(points.size()).length()) + "d";
    Set<FieldPath> notFields = new LinkedHashSet<>();
    Set<String> rungs = new LinkedHashSet<>();
    List<Trial> trials = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      String name = String.format(format, i + 1);
      Map<String, JsonNode> values = points.get(i);
      ObjectNode tree = job.deepCopy();
      tree.put("name", name);
      for (FieldPath path : search.fields()) {
        if (!path.set(tree, values.get(path.text()))) {
          notFields.add(path);
        }
      }
      String describe = new Trial(name, values, null).describe();
      try {
        Trial trial = new Trial(name, values, SpecReader.parse(tree, source));
        trials.add(trial);
        rungs.addAll(rungProblems(search, trial.spec().training().epochs()));
      } catch (SpecException e) {
        for (String line : e.problems()) {
          FieldPath unknown = unknownField(search, line);
          if (unknown != null) {
            notFields.add(unknown);
          } else {
            problems.addLine("search " + name + " (" + describe + "): " + line);
          }
        }
      }
    }
    notFields.forEach(path -> problems.addLine(location(search, path) + ": not a field of "
        + "the job spec (see the README's spec reference)"));
    rungs.forEach(problems::addLine);
    return trials;
  }

  /** The searched field an {@code unknown key} problem of a trial lies on, if any. */
  private static FieldPath unknownField(SearchSpec search, String line) {
    int colon = line.indexOf(": ");
    if (colon < 0 || !line.startsWith("unknown key", colon + 2)) {
      return null;
    }
    String at = line.substring(0, colon);
    return search.fields().stream().filter(p -> p.coveredBy(at)).findFirst().orElse(null);
  }

  /** Each halving rung must come before a trial's last epoch. */
  private static List<String> rungProblems(SearchSpec search, int epochs) {
    List<String> lines = new ArrayList<>();
    List<Integer> rungs = search.halving() == null ? List.of() : search.halving().rungs();
    for (int i = 0; i < rungs.size(); i++) {
      if (rungs.get(i) >= epochs) {
        lines.add("search.halving.rungs[" + i + "]: must be below the trials' training.epochs ("
            + epochs + "), found " + rungs.get(i));
      }
    }
    return lines;
  }

  /** Where the search section names a field: {@code search.grid."optimizer.learningRate"}. */
  static String location(SearchSpec search, FieldPath path) {
    String section = search.grid().containsKey(path) ? "search.grid." : "search.random.fields.";
    return section + (path.segments().size() == 1 && path.text().matches("[A-Za-z0-9_-]+")
        ? path.text() : '"' + path.text() + '"');
  }

  /**
   * Every trial's values: the grid's combinations in order, each with every random draw. The
   * draws come from one generator seeded by {@code random.seed}, so the same file always gives
   * the same trials.
   */
  static List<Map<String, JsonNode>> points(SearchSpec search) {
    List<Map<String, JsonNode>> grid = new ArrayList<>(List.of(new LinkedHashMap<>()));
    for (Map.Entry<FieldPath, List<JsonNode>> field : search.grid().entrySet()) {
      List<Map<String, JsonNode>> next = new ArrayList<>();
      for (Map<String, JsonNode> point : grid) {
        for (JsonNode value : field.getValue()) {
          Map<String, JsonNode> extended = new LinkedHashMap<>(point);
          extended.put(field.getKey().text(), value);
          next.add(extended);
        }
      }
      grid = next;
    }
    if (search.random() == null) {
      return grid;
    }
    Random random = new Random(search.random().seed());
    List<Map<String, JsonNode>> draws = new ArrayList<>();
    for (int d = 0; d < search.random().trials(); d++) {
      Map<String, JsonNode> draw = new LinkedHashMap<>();
      search.random().fields().forEach((path, dist) -> draw.put(path.text(), dist.sample(random)));
      draws.add(draw);
    }
    List<Map<String, JsonNode>> points = new ArrayList<>();
    for (Map<String, JsonNode> point : grid) {
      for (Map<String, JsonNode> draw : draws) {
        Map<String, JsonNode> combined = new LinkedHashMap<>(point);
        combined.putAll(draw);
        points.add(combined);
      }
    }
    return points;
  }
}
