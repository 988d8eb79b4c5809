package io.sparktrain.model;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/** Bulk copies between ND4J's native float arrays and the heap, for the project's own layers. */
final class HeapArrays {

  private HeapArrays() {}

  /**
   * {@code a} itself when its elements lie in 'c' order from its offset, else a 'c' copy. A
   * permuted array can own its whole buffer and say 'c' without being in that order.
   */
  static INDArray contiguous(INDArray a) {
    return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) ? a : a.dup('c');
  }

  /** Copies the elements of {@code a} ('c', contiguous) into the start of {@code target}. */
  static void read(INDArray a, float[] target) {
    FloatBuffer buffer = a.data().asNioFloat();
    buffer.position((int) a.offset());
    buffer.get(target, 0, (int) a.length());
  }

  /** Copies the start of {@code source} over the elements of {@code a} ('c', contiguous). */
  static void write(float[] source, INDArray a) {
    FloatBuffer buffer = a.data().asNioFloat();
    buffer.position((int) a.offset());
    buffer.put(source, 0, (int) a.length());
  }
}
