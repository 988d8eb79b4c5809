package io.sparktrain.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.SparkTestSession;
import io.sparktrain.train.TrainingObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches over the XOR MLP on local Spark: a search killed in its second trial resumes in the
 * same directory, skips the finished trial and resumes the killed one from its checkpoint;
 * successive halving stops the worse half at its rung and resumes the rest to the end.
 */
class SearchRunnerTest {

  private static JavaSparkContext sc;

  @TempDir Path dir;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("SearchRunnerTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void killedSearchResumesAndSkipsFinishedTrials() throws Exception {
    TrialPlan plan = TrialPlanTest.plan("""
        search:
          grid: {optimizer.learningRate: [0.05, 0.1, 0.2]}
        """);
    String runs = dir.toString();
    IllegalStateException kill = assertThrows(IllegalStateException.class,
        () -> runner(trial -> trial.name().equals("trial-02")
            ? List.of(new KillAfterEpoch(2)) : List.of()).run(plan, runs, false));
    assertEquals("killed after epoch 2", kill.getMessage());
    Path search = onlyDirectory(dir.resolve(plan.name()));
    assertEquals(Map.of("trial-01", "finished", "trial-02", "pending", "trial-03", "pending"),
        statuses(search));

    RunDirectory resumed = runner(trial -> List.of()).run(plan, runs, false);

    String out = console.toString(StandardCharsets.UTF_8);
    assertEquals(search.getFileName().toString(), resumed.runId(), "the same search directory");
    assertTrue(out.contains("3 trials, 1 done before"), out);
    assertTrue(!out.contains("search: trial-01 starts") || out.indexOf("search: trial-01 starts")
        < out.indexOf("resuming search"), "trial-01 does not run again\n" + out);
    assertTrue(out.contains("[trial-02] resuming run"), out);
    assertEquals(1, count(search.resolve("trials/trial-01")), "trial-01 kept its one run");
    assertEquals(1, count(search.resolve("trials/trial-02")), "trial-02 resumed in place");
    assertEquals(Map.of("trial-01", "finished", "trial-02", "finished", "trial-03", "finished"),
        statuses(search));
    assertEquals(3, Files.readAllLines(onlyDirectory(search.resolve("trials/trial-02"))
        .resolve("metrics.jsonl")).size());
    assertTrue(Files.exists(search.resolve(SearchReport.BEST_SPEC)));
    assertTrue(Files.exists(search.resolve(SearchReport.SUMMARY)));
    assertTrue(Files.size(search.resolve("metric-vs-optimizer.learningRate.png")) > 1000);
  }

  @Test
  void halvingStopsTheWorseHalfAtTheRungAndResumesTheRest() throws Exception {
    TrialPlan plan = TrialPlanTest.plan("""
        search:
          maxConcurrent: 2
          grid: {optimizer.learningRate: [0.001, 0.003, 0.1, 0.3]}
          halving: {rungs: [1]}
        """);

    RunDirectory search = runner(trial -> List.of()).run(plan, dir.toString(), false);

    List<TrialResult> results = SearchState.read(search).orElseThrow().trials();
    Map<String, TrialResult> byTrial = results.stream()
        .collect(Collectors.toMap(TrialResult::trial, Function.identity()));
    List<TrialResult> halved = results.stream()
        .filter(r -> r.status() == TrialResult.Status.HALVED).toList();
    assertEquals(2, halved.size(), results.toString());
    double worstKept = results.stream().filter(r -> r.status() == TrialResult.Status.FINISHED)
        .mapToDouble(r -> r.rungs().get(1)).min().orElseThrow();
    for (TrialResult cut : halved) {
      assertEquals(1, cut.epochs());
      assertTrue(cut.rungs().get(1) <= worstKept, results.toString());
    }
    for (TrialResult kept : results.subList(0, 2)) {
      assertEquals(TrialResult.Status.FINISHED, kept.status());
      Path trialDir = Path.of(search.displayPath(), "trials", kept.trial());
      assertEquals(1, count(trialDir), "resumed after the rung, not restarted");
      assertEquals(3, Files.readAllLines(onlyDirectory(trialDir).resolve("metrics.jsonl"))
          .size());
    }
    assertEquals(4, byTrial.size());
  }

  private SearchRunner runner(Function<Trial, List<TrainingObserver>> extra) {
    return new SearchRunner(sc, DataCache.fromEnvironment(),
        new PrintStream(console, true, StandardCharsets.UTF_8), extra);
  }

  private static Map<String, String> statuses(Path search) throws Exception {
    RunDirectory run = RunDirectory.open(search.getParent().getParent().toString(),
        search.getParent().getFileName().toString(), search.getFileName().toString(),
        new org.apache.hadoop.conf.Configuration());
    return SearchState.read(run).orElseThrow().trials().stream()
        .collect(Collectors.toMap(TrialResult::trial, r -> r.status().spelled()));
  }

  private static Path onlyDirectory(Path parent) throws Exception {
    try (Stream<Path> entries = Files.list(parent)) {
      List<Path> dirs = entries.filter(Files::isDirectory).toList();
      assertEquals(1, dirs.size(), dirs.toString());
      return dirs.get(0);
    }
  }

  private static long count(Path parent) throws Exception {
    try (Stream<Path> entries = Files.list(parent)) {
      return entries.filter(Files::isDirectory).count();
    }
  }

  /** Stands in for a killed process: fails the trial once the checkpoint of an epoch is written. */
  record KillAfterEpoch(int epoch) implements TrainingObserver {
    @Override
    public void onEpoch(EpochMetrics metrics) {
      if (metrics.epoch() == epoch) {
        throw new IllegalStateException("killed after epoch " + epoch);
      }
    }
  }
}
