package io.sparktrain.embed;

import io.sparktrain.spec.SpecException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Word2Vec hyperparameters, validated on construction (every problem is reported at once).
 * Defaults are those of word2vec.c and gensim.
 *
 * @param dim vector size, &gt;= 1; default 100
 * @param window largest distance between centre and context word, &gt;= 1; default 5 (each centre
 *     word draws a window in [1, window], as word2vec.c does)
 * @param negative negative samples per positive pair, &gt;= 1; default 5
 * @param minCount rarer words are left out of the vocabulary, &gt;= 1; default 5
 * @param sample frequent-word subsampling rate, &gt;= 0 (0 turns it off); default 1e-3
 * @param alpha initial learning rate, &gt; 0; default 0.025 for skip-gram and 0.05 for CBOW, as
 *     word2vec.c chooses (gensim uses 0.025 for both)
 * @param minAlpha learning rate reached at the end of the run, in [0, alpha]; default 1e-4
 * @param epochs passes over the corpus, &gt;= 1; default 5
 * @param architecture skip-gram or CBOW; default skip-gram
 * @param threads lock-free training threads per call (per Spark task), &gt;= 1; default 2
 * @param seed seed of the initial vectors and every random draw
 */
public record Word2VecConfig(
    int dim,
    int window,
    int negative,
    int minCount,
    double sample,
    double alpha,
    double minAlpha,
    int epochs,
    Architecture architecture,
    int threads,
    long seed) implements Serializable {

  public static final int DEFAULT_DIM = 100;
  public static final int DEFAULT_WINDOW = 5;
  public static final int DEFAULT_NEGATIVE = 5;
  public static final int DEFAULT_MIN_COUNT = 5;
  public static final double DEFAULT_SAMPLE = Vocabulary.DEFAULT_SAMPLE;
  public static final double DEFAULT_SKIP_GRAM_ALPHA = 0.025;
  public static final double DEFAULT_CBOW_ALPHA = 0.05;
  public static final double DEFAULT_MIN_ALPHA = 1e-4;
  public static final int DEFAULT_EPOCHS = 5;
  public static final int DEFAULT_THREADS = 2;
  public static final long DEFAULT_SEED = 1L;

  /** How a centre word and its context are related in training (Mikolov et al. 2013). */
  public enum Architecture {
    /** Each context word predicts the centre word. */
    SKIP_GRAM,
    /** The mean of the context vectors predicts the centre word (gensim's cbow_mean=1). */
    CBOW
  }

  /** @throws SpecException listing every field out of range, as {@code word2vec.field: rule} */
  public Word2VecConfig {
    List<String> problems = new ArrayList<>();
    atLeast(problems, "dim", dim, 1);
    atLeast(problems, "window", window, 1);
    atLeast(problems, "negative", negative, 1);
    atLeast(problems, "minCount", minCount, 1);
    atLeast(problems, "epochs", epochs, 1);
    atLeast(problems, "threads", threads, 1);
    if (!(sample >= 0)) {
      problems.add("word2vec.sample: must be >= 0, found " + sample);
    }
    if (!(alpha > 0)) {
      problems.add("word2vec.alpha: must be > 0, found " + alpha);
    }
    if (!(minAlpha >= 0 && minAlpha <= alpha)) {
      problems.add("word2vec.minAlpha: must be in [0, alpha], found " + minAlpha);
    }
    if (architecture == null) {
      problems.add("word2vec.architecture: must be SKIP_GRAM or CBOW, found null");
    }
    if (!problems.isEmpty()) {
      throw new SpecException("word2vec", problems);
    }
  }

  /** The defaults for {@code architecture}, with its conventional initial learning rate. */
  public static Word2VecConfig defaults(Architecture architecture) {
    double alpha = architecture == Architecture.CBOW ? DEFAULT_CBOW_ALPHA : DEFAULT_SKIP_GRAM_ALPHA;
    return new Word2VecConfig(DEFAULT_DIM, DEFAULT_WINDOW, DEFAULT_NEGATIVE, DEFAULT_MIN_COUNT,
        DEFAULT_SAMPLE, alpha, DEFAULT_MIN_ALPHA, DEFAULT_EPOCHS, architecture, DEFAULT_THREADS,
        DEFAULT_SEED);
  }

  /** Skip-gram defaults. */
  public static Word2VecConfig defaults() {
    return defaults(Architecture.SKIP_GRAM);
  }

  /** Whether this trains skip-gram (else CBOW). */
  public boolean skipGram() {
    return architecture == Architecture.SKIP_GRAM;
  }

  /** This configuration with another vector size. */
  public Word2VecConfig withDim(int newDim) {
    return new Word2VecConfig(newDim, window, negative, minCount, sample, alpha, minAlpha, epochs,
        architecture, threads, seed);
  }

  /** This configuration with another number of passes. */
  public Word2VecConfig withEpochs(int newEpochs) {
    return new Word2VecConfig(dim, window, negative, minCount, sample, alpha, minAlpha, newEpochs,
        architecture, threads, seed);
  }

  /** This configuration with another number of threads per call. */
  public Word2VecConfig withThreads(int newThreads) {
    return new Word2VecConfig(dim, window, negative, minCount, sample, alpha, minAlpha, epochs,
        architecture, newThreads, seed);
  }

  /** This configuration with another seed. */
  public Word2VecConfig withSeed(long newSeed) {
    return new Word2VecConfig(dim, window, negative, minCount, sample, alpha, minAlpha, epochs,
        architecture, threads, newSeed);
  }

  /** This configuration with another subsampling rate. */
  public Word2VecConfig withSample(double newSample) {
    return new Word2VecConfig(dim, window, negative, minCount, newSample, alpha, minAlpha, epochs,
        architecture, threads, seed);
  }

  private static void atLeast(List<String> problems, String field, int value, int min) {
    if (value < min) {
      problems.add("word2vec." + field + ": must be >= " + min + ", found " + value);
    }
  }
}
