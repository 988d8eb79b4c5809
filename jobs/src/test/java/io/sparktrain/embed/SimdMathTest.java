package io.sparktrain.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernels, which work on matrix rows in place, against the scalar ones on scratch copies,
 * for lengths with and without a tail shorter than a vector.
 */
class SimdMathTest {

  private static final int[] DIMS = {1, 7, 16, 100, 300};

  @Test
  void theTestJvmRunsTheSimdPathAsTheLauncherDoes() {
    assertTrue(VectorMath.SIMD, "surefire's argLine adds jdk.incubator.vector");
  }

  @Test
  void dotOfARowEqualsTheScalarDot() {
    Random random = new Random(1);
    for (int n : DIMS) {
      float[] a = vector(random, n);
      float[] matrix = vector(random, 5 * n);
      float[] row = Arrays.copyOfRange(matrix, 3 * n, 4 * n);

      assertEquals(VectorMath.dot(a, row, n), SimdMath.dot(a, matrix, 3 * n, n), 1e-4f * n);
    }
  }

  @Test
  void pairUpdateInPlaceEqualsTheScalarUpdate() {
    Random random = new Random(2);
    for (int n : DIMS) {
      float[] in = vector(random, n);
      float[] matrix = vector(random, 4 * n);
      float[] row = Arrays.copyOfRange(matrix, 2 * n, 3 * n);
      float[] err = vector(random, n);
      float[] scalarErr = err.clone();

      VectorMath.pairUpdate(0.03f, in, row, scalarErr, n);
      SimdMath.pairUpdate(0.03f, in, matrix, 2 * n, err, n);

      assertArrayEquals(scalarErr, err, 1e-6f);
      assertArrayEquals(row, Arrays.copyOfRange(matrix, 2 * n, 3 * n), 1e-6f);
    }
  }

  @Test
  void addToARowEqualsTheScalarAxpy() {
    Random random = new Random(3);
    for (int n : DIMS) {
      float[] x = vector(random, n);
      float[] matrix = vector(random, 3 * n);
      float[] before = matrix.clone();
      float[] row = Arrays.copyOfRange(matrix, n, 2 * n);

      VectorMath.axpy(1f, x, row, n);
      SimdMath.add(x, matrix, n, n);

      assertArrayEquals(row, Arrays.copyOfRange(matrix, n, 2 * n), 1e-6f);
      assertArrayEquals(Arrays.copyOfRange(before, 0, n), Arrays.copyOfRange(matrix, 0, n));
      assertArrayEquals(Arrays.copyOfRange(before, 2 * n, 3 * n),
          Arrays.copyOfRange(matrix, 2 * n, 3 * n));
    }
  }

  private static float[] vector(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextFloat() - 0.5f;
    }
    return v;
  }
}
