package io.sparktrain.embed;

/**
 * SplitMix64 (Steele, Lea and Flood 2014): one add and two multiplies per draw and a long of
 * state, so each training thread owns one and the hot loop neither allocates nor synchronises,
 * as {@code java.util.Random}'s atomic seed would make it.
 */
final class FastRandom {

  private long state;

  FastRandom(long seed) {
    this.state = seed;
  }

  /**
   * The seed of one thread's stream: distinct for every (run seed, round, partition, thread), so
   * no two threads of a run draw the same numbers and a rerun draws them again.
   */
  static long streamSeed(long seed, long round, int partition, int thread) {
    long s = mix(seed);
    s = mix(s ^ round);
    s = mix(s ^ ((long) partition << 32 | (thread & 0xffffffffL)));
    return s;
  }

  long nextLong() {
    return mix(state += 0x9e3779b97f4a7c15L);
  }

  /** Uniform in [0, 2^31). */
  int next31() {
    return (int) (nextLong() >>> 33);
  }

  /** Uniform in [0, bound) for 0 &lt; bound &lt; 2^31; multiply-shift (Lemire 2019), no divide. */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Uniform in [0, 1). */
  float nextFloat() {
    return (nextLong() >>> 40) * 0x1p-24f;
  }

  /** SplitMix64's finaliser: a bijection that spreads nearby inputs far apart. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
