package io.sparktrain.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.data.DataCache;
import io.sparktrain.pipeline.TrainJob;
import io.sparktrain.pipeline.TrainResult;
import io.sparktrain.runs.JobLock;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.TrainingException;
import io.sparktrain.train.BarrierEngine;
import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.TrainingObserver;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs a search's trials on one Spark application: each trial is a normal train run (the same
 * {@link TrainJob} as {@code sparktrain train}, so its run directory, checkpoints and resume are
 * those of any run), {@code maxConcurrent} of them at a time from driver threads, each thread in a
 * FAIR scheduler pool of its own so that one trial's Spark jobs do not queue behind another's.
 * With halving, every trial still going trains to a rung and pauses there (its checkpoint kept);
 * the best go on by resuming. A killed search, run again, finds its directory, skips the trials
 * {@code search.json} records as done and resumes the others from their checkpoints.
 */
public final class SearchRunner {

  /** The sub-directory of the search's run directory where trial runs go, one job per trial. */
  public static final String TRIALS = "trials";
  /** The search file as read, in canonical form; a resume must match it. */
  static final String IDENTITY = "search-spec.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JavaSparkContext sc;
  private final DataCache cache;
  private final PrintStream console;

  private final Function<Trial, List<TrainingObserver>> extraObservers;

  public SearchRunner(JavaSparkContext sc, DataCache cache, PrintStream console) {
    this(sc, cache, console, trial -> List.of());
  }

  /** With observers added to each trial's training (tests kill a search here). */
  SearchRunner(JavaSparkContext sc, DataCache cache, PrintStream console,
      Function<Trial, List<TrainingObserver>> extraObservers) {
    this.sc = sc;
    this.cache = cache;
    this.console = console;
    this.extraObservers = extraObservers;
  }

  /**
   * Runs (or resumes) a search under its lock and writes its outputs.
   *
   * @param runsDir where runs go; null takes the spec's {@code output.runsDir}
   * @param newSearch start afresh even if an unfinished search of the same file exists
   * @return the search's run directory
   */
  public RunDirectory run(TrialPlan plan, String runsDir, boolean newSearch) {
    String dir = runsDir != null ? runsDir : plan.base().output().runsDir();
    try (JobLock lock = JobLock.acquire(dir, plan.name(), sc.hadoopConfiguration())) {
      RunDirectory search = directory(plan, dir, newSearch);
      SearchState state = new SearchState(search, plan);
      console.printf("search %s: %d trials, %d done before, at most %d at a time; sorting by %s "
          + "(%s); run %s%n", plan.name(), plan.trials().size(), state.count(true),
          plan.search().maxConcurrent(), plan.search().metric(),
          plan.search().goal().name().toLowerCase(java.util.Locale.ROOT), search.displayPath());
      List<Trial> active = plan.trials().stream()
          .filter(t -> !state.get(t.name()).status().done()).toList();
      String trialsDir = search.uri() + "/" + TRIALS;
      SearchSpec.Halving halving = plan.search().halving();
      for (int rung : halving == null ? List.<Integer>of() : halving.rungs()) {
        List<Trial> toRung = active.stream()
            .filter(t -> !state.get(t.name()).rungs().containsKey(rung)).toList();
        runAll(plan, toRung, trialsDir, state, rung);
        active = halve(plan, active, state, rung);
      }
      runAll(plan, active, trialsDir, state, 0);
      state.finish();
      new SearchReport(plan, search, state.sorted()).write(console);
      return search;
    }
  }

  /** The newest unfinished search of this exact file, else a new directory. */
  private RunDirectory directory(TrialPlan plan, String runsDir, boolean newSearch) {
    if (!newSearch) {
      List<String> ids = new ArrayList<>(
          RunDirectory.runIds(runsDir, plan.name(), sc.hadoopConfiguration()));
      java.util.Collections.reverse(ids);
      for (String id : ids) {
        RunDirectory old = RunDirectory.open(runsDir, plan.name(), id, sc.hadoopConfiguration());
        boolean same = plan.identity().equals(old.readText(IDENTITY).orElse(null));
        if (same && !SearchState.read(old).map(SearchState.SearchRecord::finished).orElse(false)) {
          console.printf("resuming search %s%n", old.displayPath());
          return old;
        }
      }
    }
    RunDirectory created = RunDirectory.create(runsDir, plan.name(), sc.hadoopConfiguration());
    created.writeText(IDENTITY, plan.identity());
    return created;
  }

  /** Keeps the best of the trials at {@code rung}; the others are marked halved. */
  private List<Trial> halve(TrialPlan plan, List<Trial> active, SearchState state, int rung) {
    Comparator<TrialResult> order = Ranking.of(plan.search().goal());
    List<Trial> ranked = active.stream()
        .filter(t -> !state.get(t.name()).status().done())
        .sorted(Comparator.comparing(t -> rungResult(state.get(t.name()), rung), order))
        .toList();
    int keep = plan.search().halving().survivors(ranked.size());
    for (Trial cut : ranked.subList(keep, ranked.size())) {
      state.put(state.get(cut.name()).with(TrialResult.Status.HALVED,
          "stopped by successive halving at epoch " + rung));
    }
    console.printf("search: halving at epoch %d keeps %d of %d trials: %s%n", rung, keep,
        ranked.size(), String.join(", ", ranked.subList(0, keep).stream().map(Trial::name)
            .toList()));
    return ranked.subList(0, keep);
  }

  /** The trial as it stood at the rung, for ranking: that epoch's metric. */
  private static TrialResult rungResult(TrialResult r, int rung) {
    return new TrialResult(r.trial(), r.values(), TrialResult.Status.FINISHED,
        r.rungs().get(rung), rung, r.plannedEpochs(), null, null, null, null, null, null);
  }

  /** Runs the trials, {@code maxConcurrent} at a time, to the end or to {@code rung} (if > 0). */
  private void runAll(TrialPlan plan, List<Trial> trials, String trialsDir, SearchState state,
      int rung) {
    if (trials.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.min(plan.search().maxConcurrent(), trials.size()));
    // A failed trial fails the search: no trial starts after it, and the running ones end (and
    // release their job locks) before the search returns, so a rerun finds nothing held. The
    // failing task sets the flag itself, so the next queued trial on its thread sees it.
    AtomicBoolean failed = new AtomicBoolean();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Trial trial : trials) {
        running.add(pool.submit(() -> {
          if (failed.get()) {
            return;
          }
          if (Math.min(plan.search().maxConcurrent(), trials.size()) > 1) {
            // Kept workers hold their task slots for a whole run: trials that share the cluster
            // take turns epoch by epoch instead, each epoch a stage of its own.
            sc.setLocalProperty(BarrierEngine.KEEP_WORKERS_KEY, "false");
          }
          try {
            runOne(plan, trial, trialsDir, state, rung);
          } catch (RuntimeException | Error e) {
            failed.set(true);
            throw e;
          }
        }));
      }
      RuntimeException failure = null;
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          failure = failure != null ? failure : unwrap(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while trials ran", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static RuntimeException unwrap(ExecutionException e) {
    return e.getCause() instanceof RuntimeException r ? r
        : new IllegalStateException(e.getCause());
  }

  private void runOne(TrialPlan plan, Trial trial, String trialsDir, SearchState state, int rung) {
    sc.setLocalProperty("spark.scheduler.pool", trial.name());
    console.printf("search: %s starts%s: %s%n", trial.name(),
        rung > 0 ? " (to epoch " + rung + ")" : "", trial.describe());
    List<TrainingObserver> extra = new ArrayList<>(extraObservers.apply(trial));
    if (rung > 0) {
      extra.add(new TrialPause.AtRung(rung));
    }
    long start = System.nanoTime();
    TrialResult before = state.get(trial.name());
    try (PrintStream out = TrialConsole.of(console, trial.name())) {
      TrainResult result = new TrainJob(sc, cache, out, extra)
          .run(trial.spec(), trialsDir, false);
      EpochMetrics last = result.epochs().get(result.epochs().size() - 1);
      TrialResult.Status status = last.epoch() < last.epochs()
          ? TrialResult.Status.EARLY_STOPPED : TrialResult.Status.FINISHED;
      TrialResult done = before.measured(status, metric(plan, last), last,
          result.test().accuracy(), seconds(start), result.run().displayPath());
      state.put(status == TrialResult.Status.EARLY_STOPPED ? done.with(status,
          "stopped early by training.earlyStopping after epoch " + last.epoch()) : done);
    } catch (TrialPause pause) {
      double value = metric(plan, pause.metrics());
      state.put(before.measured(TrialResult.Status.PAUSED, value, pause.metrics(), null,
          seconds(start), null).withRung(rung, value));
    } catch (TrainingException e) {
      state.put(before.with(TrialResult.Status.DIVERGED, e.getMessage()));
    }
    report(plan, state, trial);
  }

  /** The console's line for a trial that stopped training. */
  private void report(TrialPlan plan, SearchState state, Trial trial) {
    TrialResult r = state.get(trial.name());
    console.printf("search: %s %s%s after %s epochs in %.0f s (%d of %d trials done)%n",
        trial.name(), r.status().spelled(),
        r.metric() == null ? "" : String.format(java.util.Locale.ROOT, ", %s %.4f",
            plan.search().metric(), r.metric()),
        r.epochs(), r.seconds() == null ? 0.0 : r.seconds(), state.count(true),
        plan.trials().size());
  }

  /** The search's metric in one epoch's line, by its name in {@code metrics.jsonl}. */
  static double metric(TrialPlan plan, EpochMetrics epoch) {
    return JSON.valueToTree(epoch).get(plan.search().metric()).asDouble();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
