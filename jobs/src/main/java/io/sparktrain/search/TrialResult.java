package io.sparktrain.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one trial stands, as {@code search.json} lists it.
 *
 * @param trial the trial's name
 * @param values its searched values, by path
 * @param status where it stands; a trial that is {@link Status#done() done} is skipped when a
 *     killed search resumes
 * @param metric the search's metric after its last epoch (at the rung it stopped at, if halved);
 *     null before
 * @param epochs epochs trained
 * @param plannedEpochs the epochs its spec asks for
 * @param validationAccuracy after its last epoch
 * @param testAccuracy of its final model; null unless finished or early-stopped
 * @param seconds wall-clock seconds of its last stretch of training
 * @param run its run directory
 * @param rungs the metric at each halving rung it reached, by epoch
 * @param note why it stopped, when it did not finish normally
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrialResult(String trial, Map<String, JsonNode> values, Status status,
    Double metric, Integer epochs, Integer plannedEpochs, Double validationAccuracy,
    Double testAccuracy, Double seconds, String run, Map<Integer, Double> rungs, String note) {

  public TrialResult {
    rungs = rungs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(rungs));
  }

  /** Where a trial stands. */
  public enum Status {
    @JsonProperty("pending") PENDING,
    @JsonProperty("paused") PAUSED,
    @JsonProperty("finished") FINISHED,
    @JsonProperty("early-stopped") EARLY_STOPPED,
    @JsonProperty("halved") HALVED,
    @JsonProperty("diverged") DIVERGED;

    /** As {@code search.json} and the tables spell it: {@code early-stopped}. */
    public String spelled() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether the trial will train no more. */
    public boolean done() {
      return this != PENDING && this != PAUSED;
    }
  }

  /** A trial that has not started. */
  static TrialResult pending(Trial trial) {
    return new TrialResult(trial.name(), trial.values(), Status.PENDING, null, 0,
        trial.spec().training().epochs(), null, null, null, null, Map.of(), null);
  }

  /** This trial with {@code status} and why. */
  TrialResult with(Status status, String note) {
    return new TrialResult(trial, values, status, metric, epochs, plannedEpochs,
        validationAccuracy, testAccuracy, seconds, run, rungs, note);
  }

  /** This trial measured after its epoch {@code last}. */
  TrialResult measured(Status now, double value, io.sparktrain.train.EpochMetrics last,
      Double test, double secs, String dir) {
    return new TrialResult(trial, values, now, value, last.epoch(), plannedEpochs,
        last.validationAccuracy(), test, secs, dir, rungs, note);
  }

  /** This trial with its metric at a halving rung recorded. */
  TrialResult withRung(int epoch, double value) {
    Map<Integer, Double> reached = new TreeMap<>(rungs);
    reached.put(epoch, value);
    return new TrialResult(trial, values, status, metric, epochs, plannedEpochs,
        validationAccuracy, testAccuracy, seconds, run, reached, note);
  }
}
