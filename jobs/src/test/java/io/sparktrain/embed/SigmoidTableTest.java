package io.sparktrain.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SigmoidTableTest {

  @Test
  void approximatesTheLogisticFunctionInsideTheRange() {
    // One table step is 0.012 in x; the logistic's slope is at most 1/4.
    for (float x = -5.999f; x < 6f; x += 0.001f) {
      double exact = 1 / (1 + Math.exp(-x));
      assertEquals(exact, SigmoidTable.sigmoid(x), 0.0031, "x=" + x);
    }
    assertEquals(0.5, SigmoidTable.sigmoid(0f), 0.0031);
  }

  @Test
  void saturatesOutsideTheRangeAndNeverIndexesPastTheTable() {
    assertEquals(1f, SigmoidTable.sigmoid(6f));
    assertEquals(1f, SigmoidTable.sigmoid(1e9f));
    assertEquals(0f, SigmoidTable.sigmoid(-6f));
    assertEquals(0f, SigmoidTable.sigmoid(Float.NEGATIVE_INFINITY));
    assertTrue(SigmoidTable.sigmoid(Math.nextDown(6f)) > 0.99f);
    assertTrue(SigmoidTable.sigmoid(Math.nextUp(-6f)) < 0.01f);
  }

  @Test
  void isMonotone() {
    float previous = 0f;
    for (float x = -7f; x < 7f; x += 0.0007f) {
      float s = SigmoidTable.sigmoid(x);
      assertTrue(s >= previous, "x=" + x);
      previous = s;
    }
  }

  @Test
  void gradientIsLabelMinusSigmoidTimesAlpha() {
    assertEquals((1 - SigmoidTable.sigmoid(0.3f)) * 0.025f, SigmoidTable.gradient(1, 0.3f, 0.025f));
    assertEquals(-SigmoidTable.sigmoid(0.3f) * 0.025f, SigmoidTable.gradient(0, 0.3f, 0.025f));
    // Saturated but wrong still moves, as in word2vec.c.
    assertEquals(-0.025f, SigmoidTable.gradient(0, 50f, 0.025f));
    assertEquals(0.025f, SigmoidTable.gradient(1, -50f, 0.025f));
    assertEquals(0f, SigmoidTable.gradient(1, 50f, 0.025f));
  }

  @Test
  void skippingSaturatedPairsLeavesThemAloneRightOrWrongAsGensimDoes() {
    // A negative sample scored 7: word2vec.c pushes it away by the whole rate, gensim does not.
    assertEquals(-0.025f, SigmoidTable.gradient(0, 7f, 0.025f, false));
    assertEquals(0f, SigmoidTable.gradient(0, 7f, 0.025f, true));
    // The observed word scored -6 (the table's edge counts as saturated in both).
    assertEquals(0.025f, SigmoidTable.gradient(1, -6f, 0.025f, false));
    assertEquals(0f, SigmoidTable.gradient(1, -6f, 0.025f, true));
    // Inside the table both rules are the same gradient.
    for (float x = -5.99f; x < 6f; x += 0.01f) {
      assertEquals(SigmoidTable.gradient(0, x, 0.025f), SigmoidTable.gradient(0, x, 0.025f, true));
      assertEquals(SigmoidTable.gradient(1, x, 0.025f), SigmoidTable.gradient(1, x, 0.025f, true));
    }
  }
}
