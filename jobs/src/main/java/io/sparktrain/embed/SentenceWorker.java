package io.sparktrain.embed;

import io.sparktrain.spec.Word2VecSpec;
import java.util.List;

/**
 * One training thread: trains a contiguous slice of sentences into the shared weight matrices
 * without locks (Hogwild, Recht et al. 2011, as word2vec.c and gensim do). Each thread owns its
 * random stream and its scratch vectors, so the loop over (centre, context, sample) allocates
 * nothing and synchronises on nothing.
 */
final class SentenceWorker {

  /**
   * Longer sentences are trained as consecutive pieces of this many words, each with a fresh
   * learning rate, so that one huge "sentence" (a whole document) neither freezes the decay nor
   * needs an unbounded buffer; gensim caps sentences at the same length.
   */
  static final int MAX_SENTENCE = 10_000;

  /** Floats per 64-byte cache line. */
  private static final int FLOATS_PER_LINE = 16;

  private final Word2VecSpec config;
  private final int dim;
  private final int window;
  private final int negative;
  private final boolean shrinkWindow;
  private final boolean skipSaturated;
  private final int vocabSize;
  private final float[] syn0;
  private final float[] syn1neg;
  private final int[] keepThresholds;
  private final NegativeTable negatives;
  private final FastRandom rng;
  /** CBOW's mean context vector. */
  private final float[] neu1;
  /** Error to add to the input vector(s), accumulated over the negative samples. */
  private final float[] neu1e;
  /** Working copy of one syn0 row (see {@link VectorMath} for why rows are copied). */
  private final float[] inRow;
  /** Working copy of one syn1neg row. */
  private final float[] outRow;
  /** The centre word followed by its negative samples, for one input vector. */
  private final int[] targets;
  /** Sum of the prefetching loads; only there so that they are not optimised away. */
  private int touched;
  /** The words of the current piece that survived subsampling. */
  private final int[] kept = new int[MAX_SENTENCE];

  private long rawWords;
  private long trainedWords;
  private float alpha;

  SentenceWorker(Word2VecSpec config, Vocabulary vocabulary, Word2VecWeights weights,
      long seed) {
    this.config = config;
    this.dim = config.dim();
    this.window = config.window();
    this.negative = config.negative();
    this.shrinkWindow = config.shrinkWindow();
    this.skipSaturated = config.saturation() == Word2VecSpec.Saturation.SKIP;
    this.vocabSize = vocabulary.size();
    this.syn0 = weights.syn0();
    this.syn1neg = weights.syn1neg();
    this.keepThresholds = vocabulary.keepThresholds();
    this.negatives = vocabulary.negatives();
    this.rng = new FastRandom(seed);
    this.neu1 = new float[dim];
    this.neu1e = new float[dim];
    this.targets = new int[negative + 1];
    this.inRow = new float[dim];
    this.outRow = new float[dim];
  }

  /**
   * Trains sentences [from, to) once.
   *
   * @param share how many slices (threads × partitions) advance the run alongside this one; the
   *     run's progress is estimated as the position's start plus share × this slice's words
   */
  void run(List<int[]> sentences, int from, int to, RunPosition position, int share) {
    for (int s = from; s < to; s++) {
      int[] sentence = sentences.get(s);
      for (int start = 0; start < sentence.length; start += MAX_SENTENCE) {
        int end = Math.min(sentence.length, start + MAX_SENTENCE);
        alpha = RunPosition.alpha(config, position.wordsDone() + share * rawWords,
            position.totalWords());
        int n = subsample(sentence, start, end);
        rawWords += end - start;
        trainedWords += n;
        trainPiece(n);
      }
    }
  }

  long rawWords() {
    return rawWords;
  }

  long trainedWords() {
    return trainedWords;
  }

  float alpha() {
    return alpha;
  }

  /** Copies the words of sentence[start, end) that subsampling keeps into {@link #kept}. */
  private int subsample(int[] sentence, int start, int end) {
    int n = 0;
    for (int i = start; i < end; i++) {
      int w = sentence[i];
      if (w < 0 || w >= vocabSize) {
        throw new IllegalArgumentException("word index " + w + " outside the vocabulary of "
            + vocabSize + " words");
      }
      int threshold = keepThresholds[w];
      if (threshold == Vocabulary.ALWAYS_KEEP || rng.next31() < threshold) {
        kept[n++] = w;
      }
    }
    return n;
  }

  private void trainPiece(int n) {
    boolean skipGram = config.skipGram();
    for (int pos = 0; pos < n; pos++) {
      int reach = reach();
      int from = Math.max(0, pos - reach);
      int to = Math.min(n, pos + reach + 1);
      if (skipGram) {
        skipGram(pos, from, to);
      } else {
        cbow(pos, from, to);
      }
    }
  }

  /**
   * How far the current centre word's context reaches: word2vec.c's reduced window, uniform in
   * [1, window] so that nearer words weigh more, or the whole window when it does not shrink.
   */
  int reach() {
    return shrinkWindow ? window - rng.nextInt(window) : window;
  }

  /**
   * Each context word's input vector predicts the centre word, the pairing word2vec.c and gensim
   * use (the same pairs as centre predicting context, visited in an order that updates one input
   * row per pass). The input row does not change while its samples are scored, so a copy taken
   * before them is exact.
   */
  private void skipGram(int pos, int from, int to) {
    int word = kept[pos];
    for (int c = from; c < to; c++) {
      if (c == pos) {
        continue;
      }
      int row = kept[c] * dim;
      System.arraycopy(syn0, row, inRow, 0, dim);
      VectorMath.clear(neu1e, dim);
      negativeSampling(word, inRow);
      addError(row);
    }
  }

  /**
   * The mean of the context input vectors predicts the centre word. Every context vector then
   * receives the whole error, not error / count: that is what word2vec.c and gensim (cbow_mean=1)
   * do, and their learning rates are tuned for it.
   */
  private void cbow(int pos, int from, int to) {
    int count = to - from - 1;
    if (count == 0) {
      return;
    }
    VectorMath.clear(neu1, dim);
    for (int c = from; c < to; c++) {
      if (c != pos) {
        System.arraycopy(syn0, kept[c] * dim, inRow, 0, dim);
        VectorMath.axpy(1f, inRow, neu1, dim);
      }
    }
    VectorMath.scale(neu1, 1f / count, dim);
    VectorMath.clear(neu1e, dim);
    negativeSampling(kept[pos], neu1);
    for (int c = from; c < to; c++) {
      if (c != pos) {
        addError(kept[c] * dim);
      }
    }
  }

  /**
   * syn0[row] += neu1e. The row is read afresh rather than taken from an earlier copy so that
   * another thread's update to it in the meantime is kept, as in word2vec.c.
   */
  private void addError(int row) {
    if (VectorMath.SIMD) {
      SimdMath.add(neu1e, syn0, row, dim);
      return;
    }
    System.arraycopy(syn0, row, inRow, 0, dim);
    VectorMath.axpy(1f, neu1e, inRow, dim);
    System.arraycopy(inRow, 0, syn0, row, dim);
  }

  /**
   * One positive pair (input, word) and {@code negative} pairs (input, drawn word): updates the
   * output rows and accumulates the input's error in {@link #neu1e}. A draw of the word itself is
   * skipped, as in word2vec.c.
   */
  private void negativeSampling(int word, float[] input) {
    int pairs = drawTargets(word);
    for (int p = 0; p < pairs; p++) {
      int row = targets[p] * dim;
      if (VectorMath.SIMD) {
        float g = SigmoidTable.gradient(p == 0 ? 1 : 0,
            SimdMath.dot(input, syn1neg, row, dim), alpha, skipSaturated);
        // A zero step changes nothing (a saturated pair, skipped or already right).
        if (g != 0f) {
          SimdMath.pairUpdate(g, input, syn1neg, row, neu1e, dim);
        }
        continue;
      }
      System.arraycopy(syn1neg, row, outRow, 0, dim);
      float f = VectorMath.dot(input, outRow, dim);
      float g = SigmoidTable.gradient(p == 0 ? 1 : 0, f, alpha, skipSaturated);
      if (g == 0f) {
        continue;
      }
      VectorMath.pairUpdate(g, input, outRow, neu1e, dim);
      System.arraycopy(outRow, 0, syn1neg, row, dim);
    }
  }

  /**
   * Fills {@link #targets} with the word and its negative samples, in word2vec.c's draw order, and
   * reads one float of every cache line of their output rows. Rarely drawn rows are usually out of
   * cache; touching them all before any is used lets their misses overlap instead of stalling the
   * pairs one after another (measured 1.3 times faster on a 30k vocabulary).
   */
  private int drawTargets(int word) {
    targets[0] = word;
    int pairs = 1;
    for (int d = 0; d < negative; d++) {
      int target = negatives.sample(rng.next31());
      if (target != word) {
        targets[pairs++] = target;
      }
    }
    int sink = 0;
    for (int p = 1; p < pairs; p++) {
      int row = targets[p] * dim;
      for (int i = 0; i < dim; i += FLOATS_PER_LINE) {
        sink += Float.floatToRawIntBits(syn1neg[row + i]);
      }
      // Rows need not start on a line, so the last one may not have been reached.
      sink += Float.floatToRawIntBits(syn1neg[row + dim - 1]);
    }
    // Keeps the loads alive: the JIT drops loads whose values are never used.
    touched += sink;
    return pairs;
  }
}
