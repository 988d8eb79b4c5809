package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PerplexityTest {

  @Test
  void isTheExponentialOfTheMeanNegativeLogOfTheTrueSymbolsSkippingPadding() {
    Perplexity p = new Perplexity();
    p.add(new float[] {0, 1, 0}, new float[] {0.25f, 0.5f, 0.25f});
    p.add(new float[] {0, 0, 0}, new float[] {0.9f, 0.05f, 0.05f});
    Perplexity other = new Perplexity();
    other.add(new float[] {1, 0, 0}, new float[] {0.25f, 0.5f, 0.25f});
    p.merge(other);
    // (ln 2 + ln 4) / 2 = 1.5 ln 2; exp of it = 2^1.5.
    assertEquals(Math.pow(2, 1.5), p.values().get("perplexity"), 1e-6);
    assertEquals(1.5 * Math.log(2), p.values().get("crossEntropy"), 1e-6);
  }

  @Test
  void uniformGuessingScoresTheAlphabetSize() {
    Perplexity p = new Perplexity();
    float[] uniform = new float[29];
    java.util.Arrays.fill(uniform, 1f / 29);
    for (int symbol = 0; symbol < 29; symbol++) {
      float[] target = new float[29];
      target[symbol] = 1;
      p.add(target, uniform);
    }
    assertEquals(29, p.values().get("perplexity"), 1e-3);
  }

  @Test
  void isNotANumberWhenNothingWasCounted() {
    assertTrue(Double.isNaN(new Perplexity().values().get("perplexity")));
  }
}
