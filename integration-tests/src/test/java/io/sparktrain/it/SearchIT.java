package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sparktrain search} on the tiny digits search as shipped (4 trials, two at a time):
 * it prints the sorted table, writes search.json sorted by validation accuracy, the summary, a
 * chart per searched field and the best spec; training that spec with {@code bin/sparktrain
 * train} reproduces the best trial's validation accuracy to 0.1 % (same seed).
 */
class SearchIT {

  @TempDir Path work;

  @Test
  void searchPrintsTheTableAndItsBestSpecReproducesTheBestTrial() throws Exception {
    long start = System.nanoTime();
    Launcher.Result search = Launcher.run("search", "conf/search/digits-tiny-search.yaml",
        "--runs-dir", work.resolve("runs").toString());

    assertEquals(0, search.code(), search.output());
    assertTrue(search.output().contains("| rank | trial | optimizer.learningRate | "
        + "training.batchSize | validationAccuracy | epochs | status | seconds |"),
        search.output());
    Path dir = Launcher.onlyRun(work.resolve("runs/digits-tiny-search"));
    JsonNode trials = new ObjectMapper().readTree(dir.resolve("search.json").toFile())
        .get("trials");
    assertEquals(4, trials.size());
    for (int i = 1; i < trials.size(); i++) {
      assertTrue(trials.get(i - 1).get("metric").asDouble()
          >= trials.get(i).get("metric").asDouble(), trials.toString());
    }
    for (String file : List.of("summary.md", "best-spec.yaml",
        "metric-vs-optimizer.learningRate.png", "metric-vs-training.batchSize.png")) {
      assertTrue(Files.size(dir.resolve(file)) > 0, file);
    }
    JsonNode best = trials.get(0);
    assertEquals("finished", best.get("status").asText());
    System.out.printf("SearchIT: search of 4 trials in %.0f s%n", (System.nanoTime() - start) / 1e9);

    Launcher.Result train = Launcher.run("train", dir.resolve("best-spec.yaml").toString(),
        "--runs-dir", work.resolve("best").toString());

    assertEquals(0, train.code(), train.output());
    List<String> epochs = Files.readAllLines(Launcher.onlyRun(
        work.resolve("best/digits-tiny-search-best")).resolve("metrics.jsonl"));
    double reproduced = new ObjectMapper().readTree(epochs.get(epochs.size() - 1))
        .get("validationAccuracy").asDouble();
    assertEquals(best.get("metric").asDouble(), reproduced, 0.001,
        "best-spec.yaml against " + best.get("trial").asText());
  }
}
