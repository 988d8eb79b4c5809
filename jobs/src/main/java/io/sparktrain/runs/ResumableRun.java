package io.sparktrain.runs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * An earlier run of the same job that did not finish (killed, or failed after a checkpoint) and
 * whose resolved spec is the one being run now: running the command again continues it rather than
 * starting over. A finished run, or one of a different spec, is never resumed.
 *
 * @param record the run's {@code run.json}, to be updated
 */
public record ResumableRun(RunDirectory run, Checkpoint.State state, RunRecord record) {

  /** The newest resumable run of {@code jobName} for this exact resolved spec, if any. */
  public static Optional<ResumableRun> find(String runsDir, String jobName, String resolvedSpec,
      Configuration hadoop) {
    // Newest first by start time: run ids of one second order by their random suffix.
    List<RunDirectory> candidates = new ArrayList<>();
    Map<RunDirectory, RunRecord> records = new HashMap<>();
    for (String id : RunDirectory.runIds(runsDir, jobName, hadoop)) {
      RunDirectory run = RunDirectory.open(runsDir, jobName, id, hadoop);
      unfinished(run, resolvedSpec).ifPresent(record -> {
        candidates.add(run);
        records.put(run, record);
      });
    }
    candidates.sort(Comparator.comparing(
        (RunDirectory run) -> records.get(run).startedAt()).reversed());
    for (RunDirectory run : candidates) {
      Optional<Checkpoint.State> state = Checkpoint.read(run);
      if (state.isPresent()) {
        return Optional.of(new ResumableRun(run, state.get(), records.get(run)));
      }
    }
    return Optional.empty();
  }

  /**
   * The run in {@code run} itself, when it is unfinished, of exactly {@code resolvedSpec}, and has
   * a checkpoint: a pipeline stage's directory.
   */
  public static Optional<ResumableRun> at(RunDirectory run, String resolvedSpec) {
    return unfinished(run, resolvedSpec).flatMap(record -> Checkpoint.read(run)
        .map(state -> new ResumableRun(run, state, record)));
  }

  /** The run's record if it is readable, unfinished and of exactly {@code resolvedSpec}. */
  private static Optional<RunRecord> unfinished(RunDirectory run, String resolvedSpec) {
    // A run.json nobody can read is not a run to resume.
    return run.readRecord(RunDirectory.RUN).filter(record -> !record.finished()
        && resolvedSpec.equals(run.readText(RunDirectory.SPEC).orElse(null)));
  }
}
