package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The AUC against counts done by hand. */
class RocAucTest {

  @Test
  void countsTheShareOfPositiveNegativeOrdersThatAreRight() {
    // Pairs (p, n): 0.9 beats all three; 0.5 beats 0.1 and 0.4, ties 0.5 (one half), loses to
    // nothing else; 0.2 beats 0.1 only: (3 + 2.5 + 1) / 9.
    double auc = RocAuc.of(new double[] {0.9, 0.5, 0.2}, new double[] {0.1, 0.4, 0.5});

    assertEquals(6.5 / 9, auc, 1e-12);
  }

  @Test
  void separatedScoresGiveOneAndReversedZero() {
    assertEquals(1.0, RocAuc.of(new double[] {2, 3}, new double[] {0, 1}));
    assertEquals(0.0, RocAuc.of(new double[] {0, 1}, new double[] {2, 3}));
    assertEquals(0.5, RocAuc.of(new double[] {1, 1}, new double[] {1}));
  }

  @Test
  void anEmptySideHasNoAuc() {
    assertTrue(Double.isNaN(RocAuc.of(new double[0], new double[] {1})));
  }
}
