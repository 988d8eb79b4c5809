package io.sparktrain.train.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MatrixProductTest {

  /** The dense pass's products (output, weight gradient, input's delta) and the fourth case. */
  @ParameterizedTest
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void writesWhatNd4jGemmWrites(boolean transposeA, boolean transposeB) {
    Nd4j.getRandom().setSeed(7);
    INDArray a = transposeA ? Nd4j.rand(DataType.FLOAT, 30, 20) : Nd4j.rand(DataType.FLOAT, 20, 30);
    INDArray b = transposeB ? Nd4j.rand(DataType.FLOAT, 12, 30) : Nd4j.rand(DataType.FLOAT, 30, 12);
    INDArray expected = Nd4j.createUninitialized(DataType.FLOAT, 20, 12);
    INDArray actual = Nd4j.createUninitialized(DataType.FLOAT, 20, 12);
    Nd4j.gemm(a, b, expected, transposeA, transposeB, 1.0, 0.0);

    new MatrixProduct(transposeA, transposeB).run(a, b, actual);

    assertArrayEquals(flat(expected), flat(actual));
  }

  @Test
  void readsTheArraysValuesAtEveryRun() {
    MatrixProduct product = new MatrixProduct(false, false);
    INDArray a = Nd4j.rand(DataType.FLOAT, 8, 5);
    INDArray b = Nd4j.rand(DataType.FLOAT, 5, 3);
    INDArray c = Nd4j.createUninitialized(DataType.FLOAT, 8, 3);
    product.run(a, b, c);

    // The pass writes new activations and weights into the same arrays every step.
    a.assign(Nd4j.rand(DataType.FLOAT, 8, 5));
    b.muli(-2);
    product.run(a, b, c);

    assertArrayEquals(flat(a.mmul(b)), flat(c), 1e-6f);
  }

  /** Each array replaced alone, as the shard replaces the features after a short batch. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void followsAnArrayThatIsReplaced(int replaced) {
    MatrixProduct product = new MatrixProduct(false, false);
    INDArray[] arrays = {Nd4j.rand(DataType.FLOAT, 8, 5), Nd4j.rand(DataType.FLOAT, 5, 3),
        Nd4j.createUninitialized(DataType.FLOAT, 8, 3)};
    product.run(arrays[0], arrays[1], arrays[2]);
    INDArray before = arrays[replaced];

    arrays[replaced] = replaced == 2 ? Nd4j.createUninitialized(DataType.FLOAT, 8, 3)
        : Nd4j.rand(DataType.FLOAT, before.rows(), before.columns());
    product.run(arrays[0], arrays[1], arrays[2]);

    assertArrayEquals(flat(arrays[0].mmul(arrays[1])), flat(arrays[2]), 1e-6f);
  }

  @Test
  void refusesAnOutputThatIsNotOneRunOfFloats() {
    INDArray wide = Nd4j.zeros(DataType.FLOAT, 8, 6);
    INDArray columns = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3));

    assertThrows(IllegalArgumentException.class, () -> new MatrixProduct(false, false)
        .run(Nd4j.rand(DataType.FLOAT, 8, 5), Nd4j.rand(DataType.FLOAT, 5, 3), columns));
  }

  private static float[] flat(INDArray matrix) {
    return matrix.dup('c').data().asFloat();
  }
}
