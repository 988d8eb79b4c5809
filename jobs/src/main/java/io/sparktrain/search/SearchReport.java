package io.sparktrain.search;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecWriter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a finished search leaves besides {@code search.json}: {@code summary.md} (the results
 * table, best first), {@code best-spec.yaml} (the best trial's job as a runnable spec), a chart of
 * the metric against each searched field, and the same table on the console.
 */
final class SearchReport {

  static final String SUMMARY = "summary.md";
  static final String BEST_SPEC = "best-spec.yaml";

  private final TrialPlan plan;
  private final RunDirectory dir;
  private final List<TrialResult> sorted;

  SearchReport(TrialPlan plan, RunDirectory dir, List<TrialResult> sorted) {
    this.plan = plan;
    this.dir = dir;
    this.sorted = List.copyOf(sorted);
  }

  void write(PrintStream console) {
    String table = table();
    Optional<TrialResult> best = best();
    StringBuilder summary = new StringBuilder("# Search " + plan.name() + "\n\n")
        .append(plan.trials().size()).append(" trials, sorted by ").append(plan.search().metric())
        .append(" (").append(goal()).append(") after each trial's last epoch.\n\n")
        .append(table);
    best.ifPresent(b -> summary.append("\nBest: ").append(b.trial()).append(" (")
        .append(describe(b)).append("), written to ").append(BEST_SPEC).append(".\n"));
    dir.writeText(SUMMARY, summary.toString());
    best.ifPresent(b -> dir.writeText(BEST_SPEC, bestSpec(b)));
    for (FieldPath field : plan.search().fields()) {
      dir.writeBytes(SearchCharts.fileName(field), SearchCharts.png(plan, field, sorted));
    }
    console.print("\n" + table);
    console.println(best.map(b -> "best: " + b.trial() + " (" + describe(b) + "); its spec: "
        + dir.displayPath() + "/" + BEST_SPEC).orElse("no trial finished"));
    console.println("search written to " + dir.displayPath());
  }

  /** The best trial that trained to its end (finished, or stopped by its own early stopping). */
  Optional<TrialResult> best() {
    return sorted.stream().filter(r -> r.metric() != null && (r.status()
        == TrialResult.Status.FINISHED || r.status() == TrialResult.Status.EARLY_STOPPED))
        .findFirst();
  }

  /** The results as a Markdown table, best first. */
  String table() {
    List<String> header = new ArrayList<>(List.of("rank", "trial"));
    plan.search().fields().forEach(f -> header.add(f.text()));
    header.addAll(List.of(plan.search().metric(), "epochs", "status", "seconds"));
    StringBuilder out = new StringBuilder(row(header)).append(row(header.stream()
        .map(h -> "---").toList()));
    int rank = 1;
    for (TrialResult r : sorted) {
      List<String> cells = new ArrayList<>(List.of(String.valueOf(rank++), r.trial()));
      plan.search().fields().forEach(f -> cells.add(r.values().containsKey(f.text())
          ? Trial.text(r.values().get(f.text())) : ""));
      cells.add(r.metric() == null ? "" : String.format(Locale.ROOT, "%.4f", r.metric()));
      cells.add(r.epochs() + "/" + r.plannedEpochs());
      cells.add(r.status().spelled());
      cells.add(r.seconds() == null ? "" : String.format(Locale.ROOT, "%.0f", r.seconds()));
      out.append(row(cells));
    }
    return out.toString();
  }

  private static String row(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private String describe(TrialResult r) {
    return String.format(Locale.ROOT, "%s %.4f", plan.search().metric(), r.metric());
  }

  private String goal() {
    return plan.search().goal() == SearchSpec.Goal.MAX ? "higher is better" : "lower is better";
  }

  /** The best trial's job under the search's name, with a header saying where it came from. */
  private String bestSpec(TrialResult best) {
    JobSpec trial = plan.trials().stream().filter(t -> t.name().equals(best.trial()))
        .findFirst().orElseThrow().spec();
    JobSpec spec = new JobSpec(plan.name() + "-best", trial.data(), trial.model(),
        trial.optimizer(), trial.training(), plan.base().output());
    return "# The best trial of search " + plan.name() + ": " + best.trial() + ", "
        + describe(best) + ".\n# Run: bin/sparktrain train " + BEST_SPEC + "\n"
        + SpecWriter.toYaml(spec);
  }
}
