package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitsTest {

  @Test
  void sharesFollowTheFractions() {
    Map<Split, Integer> counts = count(new Splits(42, 0.2, 0.1), 100_000);

    assertEquals(10_000, counts.get(Split.TEST), 400);
    assertEquals(18_000, counts.get(Split.VALIDATION), 500);
    assertEquals(72_000, counts.get(Split.TRAIN), 600);
  }

  @Test
  void withoutTestFractionNothingGoesToTest() {
    Map<Split, Integer> counts = count(new Splits(42, 0.2, 0), 10_000);

    assertEquals(0, counts.getOrDefault(Split.TEST, 0));
    assertEquals(2_000, counts.get(Split.VALIDATION), 150);
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() {
    Splits a = new Splits(1, 0.5, 0);
    Splits b = new Splits(1, 0.5, 0);
    Splits c = new Splits(2, 0.5, 0);
    int differ = 0;
    for (long i = 0; i < 1000; i++) {
      assertEquals(a.of(i), b.of(i));
      differ += a.of(i) != c.of(i) ? 1 : 0;
    }
    assertNotEquals(0, differ);
  }

  private static Map<Split, Integer> count(Splits splits, int n) {
    Map<Split, Integer> counts = new EnumMap<>(Split.class);
    for (long i = 0; i < n; i++) {
      counts.merge(splits.of(i), 1, Integer::sum);
    }
    return counts;
  }
}
