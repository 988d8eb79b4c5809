package io.sparktrain.model;

/**
 * Each thread's heap arrays for what lives within one layer call (an input copied off ND4J's
 * buffer, an output before it is copied back), shared by all of the thread's own layers: a layer
 * that kept its own would hold them at the largest batch it ever saw, the evaluation's, for the
 * life of the replica. What a layer keeps from its forward pass for its backward pass stays its
 * own.
 */
final class ThreadArrays {

  private static final ThreadLocal<float[][]> FLOATS =
      ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});
  private static final ThreadLocal<int[]> INTS = ThreadLocal.withInitial(() -> new int[0]);

  private ThreadArrays() {}

  /** This thread's float array {@code which} (0 or 1), at least {@code length} long. */
  static float[] floats(int which, int length) {
    float[][] arrays = FLOATS.get();
    arrays[which] = atLeast(arrays[which], length);
    return arrays[which];
  }

  /** This thread's int array, at least {@code length} long. */
  static int[] ints(int length) {
    int[] array = INTS.get();
    if (array.length < length) {
      array = new int[length];
      INTS.set(array);
    }
    return array;
  }

  /** {@code a}, or a new array where it is null or shorter than {@code length}. */
  static float[] atLeast(float[] a, int length) {
    return a == null || a.length < length ? new float[length] : a;
  }
}
