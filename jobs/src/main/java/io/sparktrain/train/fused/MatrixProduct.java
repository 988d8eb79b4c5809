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
 * size) and the layer's parameter and gradient views keep their identity from step to step.
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

  /** Writes {@code op(a) op(b)} into {@code c}, which must not be a view (as for Nd4j.gemm). */
  void run(INDArray a, INDArray b, INDArray c) {
    if (a != this.a || b != this.b || c != this.c) {
      build(a, b, c);
    }
    Nd4j.getExecutioner().exec(op, context);
  }

  private void build(INDArray a, INDArray b, INDArray c) {
    if (c.elementWiseStride() != 1) {
      throw new IllegalArgumentException("a matrix product's output must not be a view");
    }
    op = new Mmul(a, b, c, 1.0, 0.0,
        MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build());
    OpContext built = Nd4j.getExecutioner().buildContext();
    built.setInputArrays(a, b);
    built.setOutputArrays(c);
    built.setIArguments(op.iArgs());
    built.setTArguments(op.tArgs());
    built.setBArguments(op.bArgs());
    if (context != null) {
      // The native context is also freed when collected; closing it here frees it at once.
      closeQuietly(context);
    }
    context = built;
    this.a = a;
    this.b = b;
    this.c = c;
  }

  private static void closeQuietly(OpContext context) {
    try {
      context.close();
    } catch (Exception e) {
      // A context that fails to close is left to ND4J's deallocator.
    }
  }
}
