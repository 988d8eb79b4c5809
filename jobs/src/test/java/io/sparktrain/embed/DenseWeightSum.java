package io.sparktrain.embed;

import io.sparktrain.spec.Word2VecSpec.Combine;
import java.io.Serializable;

/**
 * The reference for {@link WeightSum}: the combine as it was before only changed rows travelled,
 * over the whole matrices (every worker sends both, and every element is summed). Kept as a test
 * fixture so that the sparse exchange can be checked against it bit for bit.
 */
final class DenseWeightSum implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int dim;
  private final Combine combine;
  private float[] syn0;
  private float[] syn1neg;
  /** Per row: the words-weight of the workers that changed it. */
  private float[] weight0;
  private float[] weight1;
  private long rawWords;
  private long trainedWords;
  /** The longest any one worker trained in this round: the rest of the round is exchange. */
  private long slowestNanos;
  private int workers;
  /** With one worker the arrays are its weights as they are: its average exactly. */
  private Word2VecWeights only;
  /** The weights that worker started from, for its change under {@link Combine#SUM}. */
  private Word2VecWeights onlyBefore;

  private DenseWeightSum(int dim, Combine combine) {
    this.dim = dim;
    this.combine = combine;
  }

  static DenseWeightSum empty(int dim, Combine combine) {
    return new DenseWeightSum(dim, combine);
  }

  /**
   * Adds one worker's weights after its round.
   *
   * @param before the weights the round started from, to tell which rows the worker changed
   */
  DenseWeightSum add(Word2VecWeights before, Word2VecWeights after, TrainingResult result) {
    if (result.rawWords() == 0) {
      return this;
    }
    float w = result.rawWords();
    if (workers == 0) {
      only = after;
      onlyBefore = before;
    } else {
      expand();
    }
    if (combine == Combine.SUM) {
      if (only == null) {
        addDelta(syn0, after.syn0(), before.syn0());
        addDelta(syn1neg, after.syn1neg(), before.syn1neg());
      }
    } else {
      float[] rows0 = changedRows(before.syn0(), after.syn0());
      float[] rows1 = changedRows(before.syn1neg(), after.syn1neg());
      if (only == null) {
        accumulate(after, rows0, rows1, w);
      } else {
        weight0 = scaled(rows0, w);
        weight1 = scaled(rows1, w);
      }
    }
    workers++;
    rawWords += result.rawWords();
    trainedWords += result.trainedWords();
    slowestNanos = Math.max(slowestNanos, result.nanos());
    return this;
  }

  DenseWeightSum merge(DenseWeightSum other) {
    if (other.workers == 0) {
      return this;
    }
    if (workers == 0) {
      return other;
    }
    expand();
    other.expand();
    for (int i = 0; i < syn0.length; i++) {
      syn0[i] += other.syn0[i];
      syn1neg[i] += other.syn1neg[i];
    }
    if (combine == Combine.AVERAGE) {
      for (int r = 0; r < weight0.length; r++) {
        weight0[r] += other.weight0[r];
        weight1[r] += other.weight1[r];
      }
    }
    workers += other.workers;
    rawWords += other.rawWords;
    trainedWords += other.trainedWords;
    slowestNanos = Math.max(slowestNanos, other.slowestNanos);
    return this;
  }

  /** The longest training time of one worker in this round, in nanoseconds. */
  long slowestNanos() {
    return slowestNanos;
  }

  /** The per-row weighted mean; rows no worker changed keep {@code previous}'s values. */
  Word2VecWeights average(Word2VecWeights previous) {
    if (workers == 0) {
      return previous;
    }
    if (only != null) {
      return only;
    }
    if (combine == Combine.SUM) {
      return new Word2VecWeights(dim, plus(previous.syn0(), syn0),
          plus(previous.syn1neg(), syn1neg));
    }
    return new Word2VecWeights(dim, rowMeans(syn0, weight0, previous.syn0()),
        rowMeans(syn1neg, weight1, previous.syn1neg()));
  }

  long rawWords() {
    return rawWords;
  }

  long trainedWords() {
    return trainedWords;
  }

  /** Turns the single worker's weights into weighted sums, to add another worker's. */
  private void expand() {
    if (only == null) {
      return;
    }
    syn0 = new float[only.syn0().length];
    syn1neg = new float[only.syn1neg().length];
    Word2VecWeights first = only;
    only = null;
    if (combine == Combine.SUM) {
      addDelta(syn0, first.syn0(), onlyBefore.syn0());
      addDelta(syn1neg, first.syn1neg(), onlyBefore.syn1neg());
      onlyBefore = null;
      return;
    }
    float[] rows0 = weight0;
    float[] rows1 = weight1;
    weight0 = new float[rows0.length];
    weight1 = new float[rows1.length];
    accumulateRows(syn0, weight0, first.syn0(), rows0, 1f);
    accumulateRows(syn1neg, weight1, first.syn1neg(), rows1, 1f);
  }

  private void accumulate(Word2VecWeights after, float[] rows0, float[] rows1, float w) {
    accumulateRows(syn0, weight0, after.syn0(), rows0, w);
    accumulateRows(syn1neg, weight1, after.syn1neg(), rows1, w);
  }

  /** Adds {@code factor * rows[r] * values[row r]} for every changed row. */
  private void accumulateRows(float[] sum, float[] weights, float[] values, float[] rows,
      float factor) {
    for (int r = 0; r < rows.length; r++) {
      float w = rows[r] * factor;
      if (w == 0) {
        continue;
      }
      weights[r] += w;
      int at = r * dim;
      for (int j = at; j < at + dim; j++) {
        sum[j] += w * values[j];
      }
    }
  }

  private static void addDelta(float[] sum, float[] after, float[] before) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += after[i] - before[i];
    }
  }

  private static float[] plus(float[] start, float[] change) {
    float[] out = new float[start.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = start[i] + change[i];
    }
    return out;
  }

  /** 1 for every row that differs between the two matrices, 0 for the others. */
  private float[] changedRows(float[] before, float[] after) {
    float[] rows = new float[before.length / dim];
    for (int r = 0; r < rows.length; r++) {
      int at = r * dim;
      for (int j = at; j < at + dim; j++) {
        if (before[j] != after[j]) {
          rows[r] = 1;
          break;
        }
      }
    }
    return rows;
  }

  private static float[] scaled(float[] rows, float w) {
    float[] out = new float[rows.length];
    for (int r = 0; r < rows.length; r++) {
      out[r] = rows[r] * w;
    }
    return out;
  }

  private float[] rowMeans(float[] sum, float[] weights, float[] previous) {
    float[] out = new float[sum.length];
    for (int r = 0; r < weights.length; r++) {
      int at = r * dim;
      if (weights[r] == 0) {
        System.arraycopy(previous, at, out, at, dim);
      } else {
        float scale = 1f / weights[r];
        for (int j = at; j < at + dim; j++) {
          out[j] = sum[j] * scale;
        }
      }
    }
    return out;
  }
}
