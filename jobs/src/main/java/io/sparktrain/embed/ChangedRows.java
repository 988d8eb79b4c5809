package io.sparktrain.embed;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Some rows of a V × dim matrix, by ascending row index, with a weight per row: what a worker
 * sends back after a round instead of the whole matrix. A round's slice holds only part of the
 * vocabulary, so the input vectors of the words it never saw, and the output rows no negative
 * sample drew, are left out; rows absent here count as zero (or as unchanged, by the reader's
 * rule).
 *
 * <p>The arithmetic is element by element in the order the dense combine did it, so combining
 * these is bit for bit the dense combine of the full matrices ({@code WeightSumTest}).
 */
final class ChangedRows implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int dim;
  private final int[] rows;
  /** rows.length × dim values, row-major in the order of {@link #rows}. */
  private final float[] values;
  private final float[] weights;

  private ChangedRows(int dim, int[] rows, float[] values, float[] weights) {
    this.dim = dim;
    this.rows = rows;
    this.values = values;
    this.weights = weights;
  }

  /**
   * The rows of {@code after} that differ from {@code before} in any element, with
   * {@code after}'s values and weight {@code weight} each.
   */
  static ChangedRows between(float[] before, float[] after, int dim, float weight) {
    int vocab = before.length / dim;
    int[] found = new int[vocab];
    int n = 0;
    for (int r = 0; r < vocab; r++) {
      if (!Arrays.equals(before, r * dim, r * dim + dim, after, r * dim, r * dim + dim)) {
        found[n++] = r;
      }
    }
    int[] rows = Arrays.copyOf(found, n);
    float[] values = new float[n * dim];
    for (int i = 0; i < n; i++) {
      System.arraycopy(after, rows[i] * dim, values, i * dim, dim);
    }
    float[] weights = new float[n];
    Arrays.fill(weights, weight);
    return new ChangedRows(dim, rows, values, weights);
  }

  /** These rows minus the same rows of {@code base}: a worker's change, for the sum rule. */
  ChangedRows minus(float[] base) {
    float[] out = new float[values.length];
    for (int i = 0; i < rows.length; i++) {
      int at = rows[i] * dim;
      for (int j = 0; j < dim; j++) {
        out[i * dim + j] = values[i * dim + j] - base[at + j];
      }
    }
    return new ChangedRows(dim, rows, out, weights);
  }

  /** Every value times its row's weight, for a weighted mean. */
  ChangedRows weighted() {
    float[] out = new float[values.length];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < dim; j++) {
        out[i * dim + j] = weights[i] * values[i * dim + j];
      }
    }
    return new ChangedRows(dim, rows, out, weights);
  }

  /** The union of both row sets; a row in both gets the sums of the values and the weights. */
  ChangedRows plus(ChangedRows other) {
    int[] rowsOut = new int[rows.length + other.rows.length];
    float[] valuesOut = new float[rowsOut.length * dim];
    float[] weightsOut = new float[rowsOut.length];
    int a = 0;
    int b = 0;
    int n = 0;
    while (a < rows.length || b < other.rows.length) {
      boolean takeA = b == other.rows.length || (a < rows.length && rows[a] <= other.rows[b]);
      boolean takeB = a == rows.length || (b < other.rows.length && other.rows[b] <= rows[a]);
      rowsOut[n] = takeA ? rows[a] : other.rows[b];
      if (takeA) {
        System.arraycopy(values, a * dim, valuesOut, n * dim, dim);
        weightsOut[n] = weights[a++];
      }
      if (takeB) {
        for (int j = 0; j < dim; j++) {
          valuesOut[n * dim + j] += other.values[b * dim + j];
        }
        weightsOut[n] += other.weights[b++];
      }
      n++;
    }
    return new ChangedRows(dim, Arrays.copyOf(rowsOut, n), Arrays.copyOf(valuesOut, n * dim),
        Arrays.copyOf(weightsOut, n));
  }

  /** {@code base} with these rows' values added: the start plus the summed changes. */
  float[] addedTo(float[] base) {
    float[] out = base.clone();
    for (int i = 0; i < rows.length; i++) {
      int at = rows[i] * dim;
      for (int j = 0; j < dim; j++) {
        out[at + j] = base[at + j] + values[i * dim + j];
      }
    }
    return out;
  }

  /** {@code base} with these rows replaced by their values divided by their weights. */
  float[] meansOver(float[] base) {
    float[] out = base.clone();
    for (int i = 0; i < rows.length; i++) {
      float scale = 1f / weights[i];
      int at = rows[i] * dim;
      for (int j = 0; j < dim; j++) {
        out[at + j] = values[i * dim + j] * scale;
      }
    }
    return out;
  }

  /** {@code base} with these rows replaced by their values as they are. */
  float[] replacing(float[] base) {
    float[] out = base.clone();
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(values, i * dim, out, rows[i] * dim, dim);
    }
    return out;
  }

  /** Number of rows held. */
  int size() {
    return rows.length;
  }

  /** What these rows take on the wire: an index, a weight and dim values per row, 4 bytes each. */
  long bytes() {
    return 4L * rows.length * (dim + 2);
  }
}
