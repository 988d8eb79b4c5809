package io.sparktrain.data;

import java.io.Serializable;

/**
 * Seeded assignment of examples to {@link Split}s by their index alone, so the split is the same
 * however the source is partitioned and on whichever executor an example is read. Each index draws
 * one uniform number from (seed, index); the fractions are therefore expected shares, exact to
 * within sampling noise (about ±0.4 % of 60,000 for a 20 % split).
 */
public final class Splits implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long seed;
  private final double testFraction;
  private final double validationFraction;

  /**
   * @param seed the data spec's {@code shuffleSeed}
   * @param validationFraction share of the non-test examples held out for validation
   * @param testFraction share held out for testing; 0 when the source has its own test set
   */
  public Splits(long seed, double validationFraction, double testFraction) {
    if (validationFraction < 0 || testFraction < 0 || validationFraction >= 1 || testFraction >= 1) {
      throw new IllegalArgumentException("fractions must be in [0, 1)");
    }
    this.seed = seed;
    this.testFraction = testFraction;
    this.validationFraction = validationFraction;
  }

  /** The split of the example at {@code index}. */
  public Split of(long index) {
    double u = uniform(seed, index);
    if (u < testFraction) {
      return Split.TEST;
    }
    return u < testFraction + validationFraction * (1 - testFraction) ? Split.VALIDATION : Split.TRAIN;
  }

  /** A uniform number in [0, 1) from SplitMix64 (Steele et al., 2014) of seed and index. */
  static double uniform(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }
}
