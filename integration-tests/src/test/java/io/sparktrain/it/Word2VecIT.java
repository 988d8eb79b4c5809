package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word2Vec through the launcher on the real Moby-Dick, then its vectors read by gensim (Debian's
 * python3-gensim, which .ci/run installs): both formats load there and give the neighbours
 * sparktrain's {@code w2v-nearest} prints.
 */
class Word2VecIT {

  private static final String PYTHON = "/usr/bin/python3";

  @TempDir Path work;

  @Test
  void vectorsLoadInGensimWithTheSameNeighbours() throws Exception {
    Path spec = Files.writeString(work.resolve("w2v.yaml"), """
        name: w2v-moby
        corpus: [moby-dick]
        word2vec: {dim: 50, epochs: 3, minCount: 5}
        training: {workers: 2, roundsPerEpoch: 2, threads: 1, seed: 42}
        """);
    Launcher.Result trained = Launcher.run("pretrain-w2v", spec.toString(), "--runs-dir",
        work.resolve("runs").toString());
    assertEquals(0, trained.code(), trained.output());
    assertTrue(trained.output().contains("words/s"), trained.output());
    Path run = Launcher.onlyRun(work.resolve("runs/w2v-moby"));
    JsonNode status = new ObjectMapper().readTree(run.resolve("run.json").toFile());
    assertTrue(status.get("vocabulary").asInt() > 1000, status.toString());

    for (String file : List.of("vectors.bin", "vectors.txt")) {
      String vectors = run.resolve(file).toString();
      Launcher.Result ours = Launcher.run("w2v-nearest", vectors, "whale", "-n", "10");
      Launcher.Result gensim = Launcher.runCommand(Map.of(), List.of(PYTHON,
          "benchmarks/w2v/nearest.py", vectors, "whale", "10"));
      assertEquals(0, ours.code(), ours.output());
      assertEquals(0, gensim.code(), gensim.output());
      List<String[]> a = neighbours(ours.output());
      List<String[]> b = neighbours(gensim.output());
      assertEquals(10, a.size(), ours.output());
      assertEquals(a.stream().map(n -> n[0]).toList(), b.stream().map(n -> n[0]).toList(),
          file + ": sparktrain\n" + ours.output() + "\ngensim\n" + gensim.output());
      for (int i = 0; i < a.size(); i++) {
        assertEquals(Double.parseDouble(a.get(i)[1]), Double.parseDouble(b.get(i)[1]), 2e-4);
      }
    }
  }

  /** "word similarity" lines; the launcher's own lines (building ...) are skipped. */
  private static List<String[]> neighbours(String output) {
    List<String[]> out = new ArrayList<>();
    for (String line : output.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[1].matches("-?[0-9]\\.[0-9]{4}")) {
        out.add(parts);
      }
    }
    return out;
  }
}
