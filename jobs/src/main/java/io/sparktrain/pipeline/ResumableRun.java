package io.sparktrain.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * An earlier run of the same job that did not finish (killed, or failed after a checkpoint) and
 * whose resolved spec is the one being run now: running the command again continues it rather than
 * starting over. A finished run, or one of a different spec, is never resumed.
 *
 * @param provenance the run's {@code run.json}, to be updated
 */
record ResumableRun(RunDirectory run, Checkpoint.State state, Map<String, Object> provenance) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The newest resumable run of {@code jobName} for this exact resolved spec, if any. */
  static Optional<ResumableRun> find(String runsDir, String jobName, String resolvedSpec,
      Configuration hadoop) {
    // Newest first by start time: run ids of one second order by their random suffix.
    List<RunDirectory> candidates = new ArrayList<>();
    Map<RunDirectory, Map<String, Object>> provenances = new HashMap<>();
    for (String id : RunDirectory.runIds(runsDir, jobName, hadoop)) {
      RunDirectory run = RunDirectory.open(runsDir, jobName, id, hadoop);
      Map<String, Object> provenance = provenance(run);
      if (provenance != null && !"finished".equals(provenance.get("status"))
          && resolvedSpec.equals(run.readText(TrainJob.SPEC).orElse(null))) {
        candidates.add(run);
        provenances.put(run, provenance);
      }
    }
    candidates.sort(Comparator.comparing(
        (RunDirectory run) -> startedAt(provenances.get(run))).reversed());
    for (RunDirectory run : candidates) {
      Optional<Checkpoint.State> state = Checkpoint.read(run);
      if (state.isPresent()) {
        return Optional.of(new ResumableRun(run, state.get(), provenances.get(run)));
      }
    }
    return Optional.empty();
  }

  /**
   * The run in {@code run} itself, when it is unfinished, of exactly {@code resolvedSpec}, and has
   * a checkpoint: a pipeline stage's directory.
   */
  static Optional<ResumableRun> at(RunDirectory run, String resolvedSpec) {
    Map<String, Object> provenance = provenance(run);
    if (provenance == null || "finished".equals(provenance.get("status"))
        || !resolvedSpec.equals(run.readText(TrainJob.SPEC).orElse(null))) {
      return Optional.empty();
    }
    return Checkpoint.read(run).map(state -> new ResumableRun(run, state, provenance));
  }

  private static Instant startedAt(Map<String, Object> provenance) {
    try {
      return Instant.parse(String.valueOf(provenance.get("startedAt")));
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private static Map<String, Object> provenance(RunDirectory run) {
    Optional<String> text = run.readText(TrainJob.RUN);
    if (text.isEmpty()) {
      return null;
    }
    try {
      return new LinkedHashMap<>(JSON.readValue(text.get(), new TypeReference<>() {}));
    } catch (IOException e) {
      return null; // a run.json nobody can read is not a run to resume
    }
  }
}
