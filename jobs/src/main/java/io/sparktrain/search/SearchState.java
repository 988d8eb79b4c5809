package io.sparktrain.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of a search as they come in, kept in {@code search.json} (rewritten atomically after
 * every change, sorted best first), which is also what a resumed search reads back to skip the
 * trials that are done. Trials report from several threads.
 */
final class SearchState {

  static final String FILE = "search.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final RunDirectory dir;
  private final TrialPlan plan;
  private final Map<String, TrialResult> results = new LinkedHashMap<>();
  private boolean finished;

  /**
   * The state in {@code dir}: what its {@code search.json} holds for the plan's trials, the rest
   * pending.
   */
  SearchState(RunDirectory dir, TrialPlan plan) {
    this.dir = dir;
    this.plan = plan;
    Map<String, TrialResult> saved = new LinkedHashMap<>();
    read(dir).ifPresent(file -> file.trials().forEach(t -> saved.put(t.trial(), t)));
    for (Trial trial : plan.trials()) {
      TrialResult previous = saved.get(trial.name());
      results.put(trial.name(), previous != null && previous.values().equals(trial.values())
          ? previous : TrialResult.pending(trial));
    }
  }

  /** What {@code search.json} holds. */
  record SearchRecord(String search, String metric, SearchSpec.Goal goal, boolean finished,
      List<TrialResult> trials) {}

  static java.util.Optional<SearchRecord> read(RunDirectory dir) {
    return dir.readText(FILE).map(text -> {
      try {
        return JSON.readValue(text, SearchRecord.class);
      } catch (IOException e) {
        throw new OutputException(dir.displayPath() + "/" + FILE + ": unreadable: "
            + e.getMessage(), e);
      }
    });
  }

  synchronized TrialResult get(String trial) {
    return results.get(trial);
  }

  /** Records a trial's new standing and rewrites the file. */
  synchronized void put(TrialResult result) {
    results.put(result.trial(), result);
    write();
  }

  synchronized void finish() {
    finished = true;
    write();
  }

  /** Every trial, best first. */
  synchronized List<TrialResult> sorted() {
    return Ranking.sorted(new ArrayList<>(results.values()), plan.search().goal());
  }

  synchronized long count(boolean done) {
    return results.values().stream().filter(r -> r.status().done() == done).count();
  }

  private void write() {
    dir.writeJson(FILE, new SearchRecord(plan.name(), plan.search().metric(),
        plan.search().goal(), finished, sorted()));
  }
}
