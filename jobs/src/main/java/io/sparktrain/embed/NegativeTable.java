package io.sparktrain.embed;

/**
 * Draws negative samples with probability proportional to count^0.75 (Mikolov et al. 2013).
 *
 * <p>A cumulative table of one int per word, searched by binary search, as gensim does, rather
 * than word2vec.c's unigram table of 10^8 slots (10^7 would still be 40 MB). Three reasons: it is
 * 4 bytes per word, so it fits in L2 for the vocabularies we train (30k words: 120 KB) where a 40
 * MB table makes every draw a cache miss, which costs about what the 15 probes of an L2-resident
 * binary search cost; it is exact, where a fixed-size table rounds rare words to zero or one slot;
 * and it is cheap to rebuild after a broadcast instead of shipping 40 MB to every executor.
 */
final class NegativeTable {

  /** Cumulative weights are scaled to [0, DOMAIN] so that they fit an int. */
  private static final double DOMAIN = Integer.MAX_VALUE;

  private final int[] cumulative;
  private final int bound;

  private NegativeTable(int[] cumulative) {
    this.cumulative = cumulative;
    this.bound = cumulative[cumulative.length - 1];
  }

  /** The table for these word counts (indexed as the vocabulary is). */
  static NegativeTable fromCounts(long[] counts) {
    double z = 0;
    for (long c : counts) {
      z += Math.pow(c, 0.75);
    }
    int[] cumulative = new int[counts.length];
    double sum = 0;
    for (int i = 0; i < counts.length; i++) {
      sum += Math.pow(counts[i], 0.75);
      cumulative[i] = (int) Math.round(sum / z * DOMAIN);
    }
    return new NegativeTable(cumulative);
  }

  /**
   * The word whose cumulative interval holds a point drawn from {@code random31}, a uniform value
   * in [0, 2^31).
   */
  int sample(int random31) {
    // Scale [0, 2^31) onto [0, bound) with a multiply-shift: no division in the hot loop.
    int r = (int) (((long) random31 * bound) >>> 31);
    int[] cum = cumulative;
    // Branch-free lower bound: the comparison picks the next base by a conditional move, where
    // a branch on random data would be mispredicted half the time at every one of ~15 levels.
    int base = 0;
    int length = cum.length;
    while (length > 1) {
      int half = length >>> 1;
      base = cum[base + half - 1] > r ? base : base + half;
      length -= half;
    }
    return base;
  }

  /** Probability that {@link #sample} returns {@code index}. */
  double probability(int index) {
    int below = index == 0 ? 0 : cumulative[index - 1];
    return (cumulative[index] - below) / (double) bound;
  }
}
