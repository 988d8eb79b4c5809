package io.sparktrain.train;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between ND4J's flat parameter and updater vectors and Java float arrays, straight
 * through the native buffer: an averaging round moves every parameter out and back in, and going
 * through {@code toFloatVector} and {@code Nd4j.create} would allocate and copy each twice more.
 */
final class FlatArrays {

  private FlatArrays() {}

  /** Copies {@code from} into {@code to[at ..]}. */
  static void copyOut(INDArray from, float[] to, int at) {
    int n = Math.toIntExact(from.length());
    if (contiguousFloats(from)) {
      from.data().asNioFloat().get(Math.toIntExact(from.offset()), to, at, n);
    } else {
      System.arraycopy(from.dup('c').reshape(n).toFloatVector(), 0, to, at, n);
    }
  }

  /** Copies {@code from[at ..]} into {@code to}. */
  static void copyIn(float[] from, int at, INDArray to) {
    int n = Math.toIntExact(to.length());
    if (contiguousFloats(to)) {
      FloatBuffer target = to.data().asNioFloat();
      target.put(Math.toIntExact(to.offset()), from, at, n);
    } else {
      float[] part = Arrays.copyOfRange(from, at, at + n);
      to.assign(Nd4j.createFromArray(part).reshape(to.shape()));
    }
  }

  /**
   * A Java view of {@code a}'s values in native memory, reading and writing them in place; null
   * when they are not one contiguous run of floats.
   */
  static FloatBuffer view(INDArray a) {
    if (!contiguousFloats(a)) {
      return null;
    }
    int offset = Math.toIntExact(a.offset());
    return a.data().asNioFloat().position(offset).limit(offset + Math.toIntExact(a.length()))
        .slice();
  }

  /**
   * Whether {@code a}'s values, read in row-major order, are one run of floats in its buffer. The
   * array's ordering flag alone does not say: ND4J marks an interval of a vector 'f' (every range
   * of DL4J's flattened parameters is one), yet a vector's two orders are the same run. So the
   * strides decide: each dimension longer than 1 must step over exactly the dimensions after it.
   */
  static boolean contiguousFloats(INDArray a) {
    if (a.dataType() != DataType.FLOAT) {
      return false;
    }
    long[] shape = a.shape();
    long[] stride = a.stride();
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] > 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }
}
