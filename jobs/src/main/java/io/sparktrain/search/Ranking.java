package io.sparktrain.search;

import java.util.Comparator;
import java.util.List;

/**
 * The order of the results table: trials trained to the end (finished or stopped early by their
 * own rule) by the metric, best first; then those halving stopped, the later rung first, since a
 * metric after fewer epochs is not comparable with a finished one; then the rest.
 */
final class Ranking {

  private Ranking() {}

  static Comparator<TrialResult> of(SearchSpec.Goal goal) {
    Comparator<Double> metric = Comparator.nullsLast(goal == SearchSpec.Goal.MAX
        ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder());
    return Comparator.comparingInt(Ranking::group)
        .thenComparing(r -> group(r) == 2 && r.epochs() != null ? -r.epochs() : 0)
        .thenComparing(TrialResult::metric, metric)
        .thenComparing(TrialResult::trial);
  }

  static List<TrialResult> sorted(List<TrialResult> results, SearchSpec.Goal goal) {
    return results.stream().sorted(of(goal)).toList();
  }

  private static int group(TrialResult r) {
    return switch (r.status()) {
      case FINISHED, EARLY_STOPPED -> 0;
      case PAUSED -> 1;
      case HALVED -> 2;
      case DIVERGED, PENDING -> 3;
    };
  }
}
