package io.sparktrain.train.replica;

import java.nio.FloatBuffer;

/**
 * A 64-bit digest of a state's floats, bit for bit, and its iteration: how a task tells, without
 * fetching the broadcast, that the state its replica ended the last epoch with is the one the
 * driver starts the next epoch from. The same floats in the same order give the same digest
 * whether they sit in the driver's arrays or in a replica's native memory.
 */
public final class StateDigest {

  /** No digest: the replica holds nothing known. */
  public static final long NONE = 0;
  private static final long PRIME = 0x100000001b3L;
  private static final long SEED = 0xcbf29ce484222325L;
  private static final int CHUNK = 8192;

  private StateDigest() {}

  /** The digest of a state as the driver holds it: parameters, then updater state. */
  public static long of(GlobalState state) {
    Lanes lanes = new Lanes();
    lanes.add(state.params(), state.params().length);
    lanes.add(state.updaterState(), state.updaterState().length);
    return lanes.finish(state.iteration());
  }

  /**
   * The digest of a replica's state through its {@linkplain Replica#stateViews views}, in the
   * same order as {@link Replica#capture}'s arrays; {@link #NONE} when it has no views.
   */
  public static long of(FloatBuffer[] views, long iteration) {
    if (views == null) {
      return NONE;
    }
    Lanes lanes = new Lanes();
    float[] chunk = new float[CHUNK];
    for (FloatBuffer part : views) {
      for (int at = 0; at < part.capacity(); at += CHUNK) {
        int n = Math.min(CHUNK, part.capacity() - at);
        part.get(at, chunk, 0, n);
        lanes.add(chunk, n);
      }
    }
    return lanes.finish(iteration);
  }

  /**
   * Four FNV-1a hashes, float i of the whole state going to hash i mod 4. One hash is a chain of
   * dependent multiplies, about 3 ms for the MLP's 1.6 M floats, paid on a task's critical path
   * every epoch; four independent chains run side by side in the core.
   */
  private static final class Lanes {
    private long a = SEED;
    private long b = SEED ^ 1;
    private long c = SEED ^ 2;
    private long d = SEED ^ 3;
    /** Floats added so far: which lane the next one goes to. */
    private long count;

    void add(float[] values, int n) {
      int i = 0;
      for (; i < n && (count & 3) != 0; i++) {
        one(values[i]);
      }
      int quads = (n - i) & ~3;
      for (int end = i + quads; i < end; i += 4) {
        a = (a ^ Float.floatToRawIntBits(values[i])) * PRIME;
        b = (b ^ Float.floatToRawIntBits(values[i + 1])) * PRIME;
        c = (c ^ Float.floatToRawIntBits(values[i + 2])) * PRIME;
        d = (d ^ Float.floatToRawIntBits(values[i + 3])) * PRIME;
      }
      count += quads;
      for (; i < n; i++) {
        one(values[i]);
      }
    }

    private void one(float value) {
      long bits = Float.floatToRawIntBits(value);
      switch ((int) (count++ & 3)) {
        case 0 -> a = (a ^ bits) * PRIME;
        case 1 -> b = (b ^ bits) * PRIME;
        case 2 -> c = (c ^ bits) * PRIME;
        default -> d = (d ^ bits) * PRIME;
      }
    }

    long finish(long iteration) {
      long h = SEED;
      for (long lane : new long[] {a, b, c, d, count, iteration}) {
        h = (h ^ lane) * PRIME;
      }
      return h == NONE ? 1 : h;
    }
  }
}
