package io.sparktrain.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tasks of one JVM averaging their states in place, each through its own views. */
class LocalGroupTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void everyMemberEndsWithTheExampleWeightedMeanOfAllParts() throws Exception {
    int[] parts = {5, 20_000};
    long[] examples = {1, 2, 5};
    float[][][] states = new float[3][parts.length][];
    for (int m = 0; m < 3; m++) {
      for (int p = 0; p < parts.length; p++) {
        states[m][p] = new float[parts[p]];
        for (int i = 0; i < parts[p]; i++) {
          states[m][p][i] = (m + 1) * 8 + (i % 7);
        }
      }
    }
    LocalGroup group = LocalGroup.join("local-group-test", 3, 10_000);
    List<Future<RoundTotals>> running = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      int member = m;
      FloatBuffer[] views = {FloatBuffer.wrap(states[m][0]), FloatBuffer.wrap(states[m][1])};
      running.add(pool.submit(() ->
          group.averageInPlace(member, views, examples[member], 10.0 * (member + 1))));
    }
    for (Future<RoundTotals> f : running) {
      RoundTotals totals = f.get();
      assertEquals(8.0, totals.examples());
      assertEquals(60.0, totals.lossSum());
    }
    for (int m = 0; m < 3; m++) {
      group.leave(false);
    }
    for (int p = 0; p < parts.length; p++) {
      float[] expected = new float[parts[p]];
      for (int i = 0; i < expected.length; i++) {
        // (1 * 8 + 2 * 16 + 5 * 24) / 8 = 20, plus the common i % 7.
        expected[i] = 20 + (i % 7);
      }
      for (int m = 0; m < 3; m++) {
        assertArrayEquals(expected, states[m][p], 1e-5f, "member " + m + ", part " + p);
      }
    }
  }
}
