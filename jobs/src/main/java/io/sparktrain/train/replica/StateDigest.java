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
    long h = SEED;
    h = add(h, state.params(), state.params().length);
    h = add(h, state.updaterState(), state.updaterState().length);
    return finish(h, state.iteration());
  }

  /**
   * The digest of a replica's state through its {@linkplain Replica#stateViews views}, in the
   * same order as {@link Replica#capture}'s arrays; {@link #NONE} when it has no views.
   */
  public static long of(FloatBuffer[] views, long iteration) {
    if (views == null) {
      return NONE;
    }
    long h = SEED;
    float[] chunk = new float[CHUNK];
    for (FloatBuffer part : views) {
      for (int at = 0; at < part.capacity(); at += CHUNK) {
        int n = Math.min(CHUNK, part.capacity() - at);
        part.get(at, chunk, 0, n);
        h = add(h, chunk, n);
      }
    }
    return finish(h, iteration);
  }

  private static long add(long h, float[] values, int n) {
    for (int i = 0; i < n; i++) {
      h = (h ^ Float.floatToRawIntBits(values[i])) * PRIME;
    }
    return h;
  }

  private static long finish(long h, long iteration) {
    long digest = (h ^ iteration) * PRIME;
    return digest == NONE ? 1 : digest;
  }
}
