package io.sparktrain.train.worker;

/**
 * Derives every seed of a run from the job seed, so that a run is repeatable whatever the number
 * of rounds or partitions and no two streams share a seed.
 */
public final class Seeds {

  private Seeds() {}

  /** Seed of one partition's example order in one epoch. */
  public static long shuffle(long jobSeed, int epoch, int partition) {
    return mix(mix(mix(jobSeed) ^ epoch) ^ ((long) partition << 32));
  }

  /**
   * Seed of the random numbers (dropout masks) one partition draws in one round. ND4J's generator
   * is per thread and Spark reuses task threads, so without a reseed the masks would depend on
   * which thread ran what before.
   */
  public static long round(long jobSeed, int epoch, int round, int partition) {
    return mix(shuffle(jobSeed, epoch, partition) ^ mix(round + 1L));
  }

  /** SplitMix64's finaliser: a cheap bijection that spreads nearby inputs far apart. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
