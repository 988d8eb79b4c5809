package io.sparktrain.train.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateDigestTest {

  /**
   * The driver digests two arrays; a task digests views cut elsewhere (a network's parts, chunks
   * of 8,192). Lengths that are not multiples of the digest's four lanes shift every later float's
   * lane, and the two must still agree.
   */
  @Test
  void viewsCutAnywhereDigestAsTheDriversArrays() {
    Random random = new Random(7);
    float[] params = floats(random, 10_003);
    float[] updater = floats(random, 20_001);
    long driver = StateDigest.of(new GlobalState(params, updater, 42));

    float[] whole = new float[params.length + updater.length];
    System.arraycopy(params, 0, whole, 0, params.length);
    System.arraycopy(updater, 0, whole, params.length, updater.length);
    int[][] cuts = {{1, 2, 3, 30_000}, {8_193, 21_811}, {5, 30_000}, {30_004}};
    for (int[] lengths : cuts) {
      assertEquals(driver, StateDigest.of(views(whole, lengths), 42),
          "cut as " + Arrays.toString(lengths));
    }
  }

  @Test
  void anyFloatItsPlaceOrTheIterationChangesTheDigest() {
    Random random = new Random(11);
    float[] params = floats(random, 1_001);
    float[] updater = floats(random, 2_002);
    long digest = StateDigest.of(new GlobalState(params, updater, 5));

    assertNotEquals(digest, StateDigest.of(new GlobalState(params, updater, 6)));
    for (int at : new int[] {0, 1, 2, 3, 500, 1_000}) {
      float[] changed = params.clone();
      changed[at] = Math.nextUp(changed[at]);
      assertNotEquals(digest, StateDigest.of(new GlobalState(changed, updater, 5)),
          "float " + at);
    }
    // The same floats in other lanes: two neighbours swapped.
    float[] swapped = params.clone();
    swapped[4] = params[5];
    swapped[5] = params[4];
    assertNotEquals(digest, StateDigest.of(new GlobalState(swapped, updater, 5)));
  }

  @Test
  void noViewsIsNone() {
    assertEquals(StateDigest.NONE, StateDigest.of(null, 3));
  }

  private static float[] floats(Random random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static FloatBuffer[] views(float[] whole, int[] lengths) {
    FloatBuffer[] parts = new FloatBuffer[lengths.length];
    int at = 0;
    for (int p = 0; p < lengths.length; p++) {
      int n = p == lengths.length - 1 ? whole.length - at : lengths[p];
      parts[p] = FloatBuffer.wrap(whole, at, n).slice();
      at += n;
    }
    return parts;
  }
}
