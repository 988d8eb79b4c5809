package io.sparktrain.cli;

import io.sparktrain.data.DataCache;
import io.sparktrain.search.SearchRunner;
import io.sparktrain.search.Trial;
import io.sparktrain.search.TrialPlan;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparktrain search <spec>}: a hyperparameter search over the fields of a job spec. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = "Train one trial per combination of a job spec's search section, then write "
        + "search.json, summary.md, best-spec.yaml and a chart per searched field.")
final class SearchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC", description = "job spec with a search section "
      + "(YAML)")
  private Path specFile;

  @Option(names = "--new-search", description = "start a new search even if an unfinished one "
      + "of the same file could be resumed")
  private boolean newSearch;

  @Mixin
  private RunOptions options;

  @Override
  public Integer call() {
    // Every trial spec is checked here, before Spark starts.
    TrialPlan plan = TrialPlan.read(specFile);
    int workers = plan.trials().stream().mapToInt(t -> t.spec().training().workers()).max()
        .orElse(1);
    // In local mode, a slot for every worker of every trial that runs at once.
    int slots = workers * plan.search().maxConcurrent();
    boolean fresh = RunOptions.startsAnew(newSearch);
    return options.withSpark("sparktrain search " + plan.name(), slots,
        FairPools.settings(plan.trials().stream().map(Trial::name).toList()),
        sc -> new SearchRunner(sc,
            DataCache.fromEnvironment(), System.out).run(plan, options.runsDir(), fresh));
  }
}
