package io.sparktrain.embed;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The training loop's kernels in explicit SIMD (the incubating Vector API of Java 17), working on
 * matrix rows in place. {@link VectorMath} uses them only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; C2's own vectorisation needs rows copied into
 * scratch arrays first, which these skip. Loaded only then: referencing the module's classes
 * without it would fail.
 */
final class SimdMath {

  /**
   * The widest lanes the CPU has. On this project's AVX-512 VM, 512 bits ran fastest at dim 100
   * (docs/performance.md: single runs, 647k-703k words/s against 636k at 256 and 558k at 128).
   */
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private SimdMath() {}

  /** a[0..n) · b[bo..bo+n). */
  static float dot(float[] a, float[] b, int bo, int n) {
    FloatVector sum = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
      sum = FloatVector.fromArray(SPECIES, a, i)
          .fma(FloatVector.fromArray(SPECIES, b, bo + i), sum);
    }
    float s = sum.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[i] * b[bo + i];
    }
    return s;
  }

  /**
   * One negative-sampling pair's updates: err[0..n) += g · out[oo..oo+n) (the output row before
   * it changes), then out[oo..oo+n) += g · in[0..n).
   */
  static void pairUpdate(float g, float[] in, float[] out, int oo, float[] err, int n) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
      FloatVector o = FloatVector.fromArray(SPECIES, out, oo + i);
      FloatVector.fromArray(SPECIES, err, i).add(o.mul(g)).intoArray(err, i);
      o.add(FloatVector.fromArray(SPECIES, in, i).mul(g)).intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      float o = out[oo + i];
      err[i] += g * o;
      out[oo + i] = o + g * in[i];
    }
  }

  /** y[yo..yo+n) += x[0..n). */
  static void add(float[] x, float[] y, int yo, int n) {
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
      FloatVector.fromArray(SPECIES, y, yo + i).add(FloatVector.fromArray(SPECIES, x, i))
          .intoArray(y, yo + i);
    }
    for (; i < n; i++) {
      y[yo + i] += x[i];
    }
  }
}
