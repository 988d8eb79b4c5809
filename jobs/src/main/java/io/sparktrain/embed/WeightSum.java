package io.sparktrain.embed;

import io.sparktrain.spec.Word2VecSpec.Combine;
import java.io.Serializable;

/**
 * How the workers' replicas of both weight matrices (input vectors and output weights; DL4J's
 * Spark Word2Vec never synchronises the latter) become the next round's weights.
 *
 * <ul>
 *   <li>{@link Combine#SUM} (the default): every worker's change since the round's start is added
 *       to the start, as if the workers were Hogwild threads of one machine, n times the average
 *       change.
 *   <li>{@link Combine#AVERAGE}: each row is averaged over the workers that changed it, weighted
 *       by the words each read; a row no worker changed keeps its value.
 * </ul>
 *
 * <p>Why the sum: a word rare enough to occur in one worker's slice is trained by that worker
 * alone, and every output row is touched by every worker as a negative sample, so any average
 * divides the rare words' learning by the number of workers. Measured on the 4.5 M token corpus
 * (conf/w2v-corpus.yaml, two workers, 5 epochs, frequency-matched synonym ROC AUC): 0.6321
 * averaged and 0.6913 summed.
 *
 * <p>Only the rows a worker changed travel ({@link ChangedRows}): a round's slice of the corpus
 * holds part of the vocabulary, so the rest of the input vectors, and the output rows no
 * negative sample drew, are neither sent back nor added. The result is bit for bit that of
 * combining the whole matrices. With one worker both rules return its weights exactly, so one
 * worker is the single-machine trainer bit for bit.
 */
public final class WeightSum implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Combine combine;
  /** The changed rows of syn0 and syn1neg; null while no worker has been added. */
  private ChangedRows rows0;
  private ChangedRows rows1;
  /**
   * Whether the rows are one worker's values as it left them (weighted by its words), which is
   * the result itself with one worker; else they are summed changes or weighted sums.
   */
  private boolean single;
  private long rawWords;
  private long trainedWords;
  /** The longest any one worker trained in this round: the rest of the round is exchange. */
  private long slowestNanos;
  private int workers;
  /** Bytes of changed rows the workers sent, summed over them. */
  private long workerBytes;

  private WeightSum(Combine combine) {
    this.combine = combine;
  }

  static WeightSum empty(Combine combine) {
    return new WeightSum(combine);
  }

  /**
   * Adds one worker's weights after its round.
   *
   * @param before the weights the round started from, to tell which rows the worker changed
   */
  WeightSum add(Word2VecWeights before, Word2VecWeights after, TrainingResult result) {
    if (result.rawWords() == 0) {
      return this;
    }
    float w = result.rawWords();
    WeightSum one = new WeightSum(combine);
    one.rows0 = ChangedRows.between(before.syn0(), after.syn0(), before.dim(), w);
    one.rows1 = ChangedRows.between(before.syn1neg(), after.syn1neg(), before.dim(), w);
    one.single = true;
    one.workers = 1;
    one.rawWords = result.rawWords();
    one.trainedWords = result.trainedWords();
    one.slowestNanos = result.nanos();
    one.workerBytes = one.rows0.bytes() + one.rows1.bytes();
    return merge(one, before);
  }

  /**
   * Both sums together.
   *
   * @param start the weights the round started from (a worker's change is taken against them)
   */
  WeightSum merge(WeightSum other, Word2VecWeights start) {
    if (other.workers == 0) {
      return this;
    }
    if (workers == 0) {
      return other;
    }
    combined(start);
    other.combined(start);
    rows0 = rows0.plus(other.rows0);
    rows1 = rows1.plus(other.rows1);
    workers += other.workers;
    rawWords += other.rawWords;
    trainedWords += other.trainedWords;
    slowestNanos = Math.max(slowestNanos, other.slowestNanos);
    workerBytes += other.workerBytes;
    return this;
  }

  /** The longest training time of one worker in this round, in nanoseconds. */
  long slowestNanos() {
    return slowestNanos;
  }

  /** Bytes of changed rows the workers of this round sent back, all workers together. */
  long workerBytes() {
    return workerBytes;
  }

  /**
   * The next weights: {@code previous} (the round's start) plus the summed changes, or the
   * per-row weighted mean; rows no worker changed keep {@code previous}'s values.
   */
  Word2VecWeights average(Word2VecWeights previous) {
    if (workers == 0) {
      return previous;
    }
    int dim = previous.dim();
    if (single) {
      return new Word2VecWeights(dim, rows0.replacing(previous.syn0()),
          rows1.replacing(previous.syn1neg()));
    }
    if (combine == Combine.SUM) {
      return new Word2VecWeights(dim, rows0.addedTo(previous.syn0()),
          rows1.addedTo(previous.syn1neg()));
    }
    return new Word2VecWeights(dim, rows0.meansOver(previous.syn0()),
        rows1.meansOver(previous.syn1neg()));
  }

  long rawWords() {
    return rawWords;
  }

  long trainedWords() {
    return trainedWords;
  }

  /** Turns one worker's values into its change (sum) or its weighted values (average). */
  private void combined(Word2VecWeights start) {
    if (!single) {
      return;
    }
    if (combine == Combine.SUM) {
      rows0 = rows0.minus(start.syn0());
      rows1 = rows1.minus(start.syn1neg());
    } else {
      rows0 = rows0.weighted();
      rows1 = rows1.weighted();
    }
    single = false;
  }
}
