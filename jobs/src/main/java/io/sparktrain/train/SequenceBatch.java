package io.sparktrain.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batches of symbol sequences of varying length for a next-step model. Each sequence is a run
 * of symbol ids {@code s0 .. sn}; its inputs are {@code s0 .. s(n-1)} and its targets
 * {@code s1 .. sn}, both one-hot, in DL4J's recurrent layout [batch, symbols, steps]. A batch is as
 * long as its longest sequence; the shorter ones are padded with zeros and DL4J's features and
 * labels masks ([batch, steps], 1 for a real step) keep the padding out of the loss and its
 * gradient.
 */
final class SequenceBatch {

  private SequenceBatch() {}

  /** The sequences {@code order[from, to)} of {@code sequences} as one masked DataSet. */
  static DataSet of(float[][] sequences, int[] order, int from, int to, int symbols) {
    int rows = to - from;
    int steps = 1;
    for (int r = 0; r < rows; r++) {
      steps = Math.max(steps, sequences[order[from + r]].length - 1);
    }
    float[] x = new float[rows * symbols * steps];
    float[] y = new float[rows * symbols * steps];
    float[] mask = new float[rows * steps];
    for (int r = 0; r < rows; r++) {
      float[] s = sequences[order[from + r]];
      for (int t = 0; t + 1 < s.length; t++) {
        x[(r * symbols + (int) s[t]) * steps + t] = 1f;
        y[(r * symbols + (int) s[t + 1]) * steps + t] = 1f;
        mask[r * steps + t] = 1f;
      }
    }
    long[] shape = {rows, symbols, steps};
    INDArray m = Nd4j.create(mask, new long[] {rows, steps}, 'c');
    return new DataSet(Nd4j.create(x, shape, 'c'), Nd4j.create(y, shape, 'c'), m, m.dup());
  }

  /**
   * A batch's rows as {@link TargetMetrics} count them: a 2-D array's rows as they are, a
   * recurrent [batch, symbols, steps] array's one row per step (padded steps included).
   */
  static float[][] stepRows(INDArray a) {
    if (a.rank() != 3) {
      return a.toFloatMatrix();
    }
    return a.permute(0, 2, 1).dup('c').reshape('c', a.size(0) * a.size(2), a.size(1))
        .toFloatMatrix();
  }
}
