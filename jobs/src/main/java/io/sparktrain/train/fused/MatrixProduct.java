package io.sparktrain.train.fused;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One of the dense pass's matrix products, {@code c = op(a) op(b)}, through the same libnd4j
 * matmul as {@code Nd4j.gemm}, but with its op and native context built once and run again for
 * as long as the same three arrays come back: the pass's outputs and deltas (one set per batch
 * size) and the layer's parameter and gradient views keep their identity from step to step, and
 * so does the batch's features array until the shard makes a new one (the first full batch after
 * a short one), which builds the product again. The context holds the arrays' live buffers, so
 * each run reads their current values.
 *
 * <p>Why: {@code Nd4j.gemm} constructs a new op on every call, and ND4J gives each op it
 * constructs a {@code UUID.randomUUID()}, a {@code SecureRandom} draw, before it builds a context
 * for it; and C2 spent part of a fresh JVM's second epoch compiling that construction. With the
 * ops kept, the same results to the bit, eight alternated local[2] MLP rows ran their second
 * epoch 12-47 % faster and epochs 2-6 faster in seven pairs of eight (docs/performance.md,
 * "2026-12-06, early morning").
 */
final class MatrixProduct {

  private final boolean transposeA;
  private final boolean transposeB;
  private INDArray a;
  private INDArray b;
  private INDArray c;
  private Mmul op;
  private OpContext context;

  MatrixProduct(boolean transposeA, boolean transposeB) {
    this.transposeA = transposeA;
    this.transposeB = transposeB;
  }

  /** Writes {@code op(a) op(b)} into {@code c}, one contiguous run of floats (as for Nd4j.gemm). */
  void run(INDArray a, INDArray b, INDArray c) {
    if (a != this.a || b != this.b || c != this.c) {
      build(a, b, c);
    }
    Nd4j.getExecutioner().exec(op, context);
  }

  private void build(INDArray a, INDArray b, INDArray c) {
    if (c.elementWiseStride() != 1) {
      throw new IllegalArgumentException(
          "a matrix product's output must be one contiguous run of floats");
    }
    op = new Mmul(a, b, c, 1.0, 0.0,
        MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build());
    // A context replaced here is freed by ND4J's deallocator when collected (its close() does
    // nothing on the CPU backend of M2.1).
    context = Nd4j.getExecutioner().buildContext();
    context.setInputArrays(a, b);
    context.setOutputArrays(c);
    context.setIArguments(op.iArgs());
    context.setTArguments(op.tArgs());
    context.setBArguments(op.bArgs());
    this.a = a;
    this.b = b;
    this.c = c;
  }
}
