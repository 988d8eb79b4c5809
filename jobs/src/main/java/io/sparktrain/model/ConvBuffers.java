package io.sparktrain.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The working arrays of one {@link GemmConvolutionLayer} pass: the image and column matrix on the
 * heap and their native twins for the GEMMs. They only grow, so a short last batch or the next
 * layer's geometry reuses them without allocating.
 *
 * <p>Training keeps one set per layer: the backward pass reads the columns and pre-activations
 * its forward pass left. Inference keeps nothing, so every layer on a thread shares that thread's
 * set ({@link #shared}). Per-layer sets for inference made memory grow with depth times the
 * evaluation batch: a 56-layer ResNet's validation (batch 256) ran out of a 3 GB heap.
 */
final class ConvBuffers {

  private static final ThreadLocal<ConvBuffers> SHARED = ThreadLocal.withInitial(ConvBuffers::new);

  float[] image = new float[0];
  float[] cols = new float[0];
  float[] plane = new float[0];
  /** One float per output channel: the bias gradient. */
  float[] channelSums = new float[0];
  private INDArray colsFlat;
  private INDArray productFlat;
  private INDArray zFlat;
  /** {@code [rows, columns]} over the native columns, for the geometry last fitted. */
  INDArray colsNative;
  /** {@code [out, columns]}: the GEMM's product, channel by channel. */
  INDArray productNative;
  /** {@code [n, out, oh, ow]}: the pre-activations. */
  INDArray zNative;
  /** {@code [n, out, oh, ow]}: dL/dz for libnd4j's conv2d_bp, over the product's memory. */
  INDArray deltaNative;

  /** The set that inference on the current thread uses, for any layer. */
  static ConvBuffers shared() {
    return SHARED.get();
  }

  /** Sizes the arrays for {@code g} with {@code out} output channels, growing them if needed. */
  void fit(Im2col g, int out) {
    int columns = g.columns();
    image = atLeast(image, g.n() * g.c() * g.h() * g.w());
    cols = atLeast(cols, Math.max(g.rows(), out) * columns);
    plane = atLeast(plane, out * columns);
    channelSums = atLeast(channelSums, out);
    colsFlat = atLeast(colsFlat, (long) g.rows() * columns);
    productFlat = atLeast(productFlat, (long) out * columns);
    zFlat = atLeast(zFlat, (long) out * columns);
    colsNative = view(colsFlat, g.rows(), columns);
    productNative = view(productFlat, out, columns);
    zNative = view(zFlat, g.n(), out, g.oh(), g.ow());
  }

  /**
   * Sizes only what a pass through libnd4j's ops uses ({@link OneDnnConvolution}): the
   * pre-activations, dL/dz and their heap twins; no column matrix. It may leave
   * {@link #colsNative} and {@link #productNative} over memory it replaced: every GEMM pass calls
   * {@link #fit} first.
   */
  void fitOutput(Im2col g, int out) {
    int length = out * g.columns();
    cols = atLeast(cols, length);
    plane = atLeast(plane, length);
    productFlat = atLeast(productFlat, length);
    zFlat = atLeast(zFlat, length);
    zNative = view(zFlat, g.n(), out, g.oh(), g.ow());
    deltaNative = view(productFlat, g.n(), out, g.oh(), g.ow());
  }

  private static float[] atLeast(float[] a, int length) {
    return a.length >= length ? a : new float[length];
  }

  private static INDArray atLeast(INDArray flat, long length) {
    if (flat != null && flat.length() >= length) {
      return flat;
    }
    // Outside any workspace: these outlive the step's workspaces, and are reused across steps.
    try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      return Nd4j.createUninitialized(DataType.FLOAT, new long[] {length}, 'c');
    }
  }

  /** The first elements of {@code flat} as a 'c'-ordered array of {@code shape}, not a copy. */
  private static INDArray view(INDArray flat, long... shape) {
    long length = 1;
    for (long s : shape) {
      length *= s;
    }
    INDArray head = flat.length() == length ? flat : flat.get(NDArrayIndex.interval(0, length));
    INDArray shaped = Shape.newShapeNoCopy(head, shape, false);
    if (shaped == null) {
      throw new IllegalStateException("cannot view " + head.shapeInfoToString() + " as "
          + java.util.Arrays.toString(shape));
    }
    return shaped;
  }
}
