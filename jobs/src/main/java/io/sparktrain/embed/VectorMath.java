package io.sparktrain.embed;

/**
 * The vector kernels of the training loop. The element-wise ones take whole scratch vectors
 * indexed from 0, not rows at an offset inside a matrix: HotSpot 17's C2 vectorises
 * {@code y[i] += g * x[i]} over two arrays but not {@code y[yo + i] += g * x[xo + i]} (measured
 * 3-4 times slower), so the training loop copies a matrix row into a scratch vector with
 * {@code System.arraycopy} (itself vectorised), works there and copies it back.
 */
final class VectorMath {

  /**
   * Whether the training loop uses {@link SimdMath}: the JVM was started with
   * {@code --add-modules jdk.incubator.vector} and not with {@code -Dsparktrain.scalarKernels=true}
   * (for comparing the two). A constant, so C2 drops the branch not taken.
   */
  static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !Boolean.getBoolean("sparktrain.scalarKernels");

  private VectorMath() {}

  /** a[0..n) · b[0..n). */
  static float dot(float[] a, float[] b, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int i = 0;
    for (; i + 7 < n; i += 8) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
      s4 += a[i + 4] * b[i + 4];
      s5 += a[i + 5] * b[i + 5];
      s6 += a[i + 6] * b[i + 6];
      s7 += a[i + 7] * b[i + 7];
    }
    for (; i < n; i++) {
      s0 += a[i] * b[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /**
   * a[ao..ao+n) · b[bo..bo+n), for queries outside the training loop; four partial sums so that
   * each add does not wait on the previous one.
   */
  static float dot(float[] a, int ao, float[] b, int bo, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[ao + i] * b[bo + i];
      s1 += a[ao + i + 1] * b[bo + i + 1];
      s2 += a[ao + i + 2] * b[bo + i + 2];
      s3 += a[ao + i + 3] * b[bo + i + 3];
    }
    for (; i < n; i++) {
      s0 += a[ao + i] * b[bo + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** y[0..n) += g · x[0..n). */
  static void axpy(float g, float[] x, float[] y, int n) {
    for (int i = 0; i < n; i++) {
      y[i] += g * x[i];
    }
  }

  /**
   * One negative-sampling pair's two updates in one pass: the hidden error accumulates g times the
   * output vector (before it changes), and the output vector moves g times the input.
   */
  static void pairUpdate(float g, float[] in, float[] out, float[] err, int n) {
    for (int i = 0; i < n; i++) {
      float o = out[i];
      err[i] += g * o;
      out[i] = o + g * in[i];
    }
  }

  /** x[0..n) = 0. */
  static void clear(float[] x, int n) {
    for (int i = 0; i < n; i++) {
      x[i] = 0f;
    }
  }

  /** x[0..n) *= s. */
  static void scale(float[] x, float s, int n) {
    for (int i = 0; i < n; i++) {
      x[i] *= s;
    }
  }
}
