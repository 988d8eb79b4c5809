package io.sparktrain.spec;

import java.io.Serializable;
import java.util.List;

/**
 * A Word2Vec pretraining: which corpora, which model, how it runs on Spark. One record for the
 * YAML spec, a pipeline's {@code pretrain-w2v} stage and the trainer itself, with one set of
 * names (those a user writes) and one set of defaults (word2vec.c's and gensim's for the model),
 * checked in its constructor however it is built.
 *
 * @param name names the directory of its runs
 * @param corpus registered corpus sets ({@link #CORPORA}) or paths of text files or directories;
 *     a spec file must list one, a trainer built in code needs none
 * @param architecture skip-gram (default) or CBOW, {@code word2vec.model}
 * @param dim vector size, &gt;= 1; default {@value #DEFAULT_DIM}
 * @param window largest distance between centre and context word, &gt;= 1; default
 *     {@value #DEFAULT_WINDOW} (each centre word draws a window in [1, window], as word2vec.c does)
 * @param negative negative samples per positive pair, &gt;= 1; default {@value #DEFAULT_NEGATIVE}
 * @param minCount rarer words are left out of the vocabulary, &gt;= 1; default
 *     {@value #DEFAULT_MIN_COUNT}
 * @param maxVocabulary keep at most this many of the most frequent words; null for no cap
 * @param sample frequent-word subsampling threshold, &gt;= 0 (0 turns it off); default
 *     {@value #DEFAULT_SAMPLE}
 * @param epochs passes over the corpus, &gt;= 1; default {@value #DEFAULT_EPOCHS}
 * @param learningRate starting rate, decaying linearly to {@code minLearningRate}, &gt; 0;
 *     default {@value #DEFAULT_SKIP_GRAM_LEARNING_RATE} for skip-gram and
 *     {@value #DEFAULT_CBOW_LEARNING_RATE} for CBOW, as word2vec.c chooses
 * @param minLearningRate rate reached at the end, in [0, learningRate]; default
 *     {@value #DEFAULT_MIN_LEARNING_RATE}
 * @param shrinkWindow whether each centre word draws its window in [1, window] (word2vec.c's and
 *     gensim's default, which weighs near words more) or always uses the whole window; default
 *     true
 * @param saturation what a pair whose score is beyond the sigmoid table's range does; default
 *     {@link Saturation#UPDATE}
 * @param threads Hogwild threads per Spark task, &gt;= 1; default {@value #DEFAULT_THREADS}
 * @param workers Spark partitions training in parallel, &gt;= 1; default {@value #DEFAULT_WORKERS}
 * @param roundsPerEpoch synchronisations of both weight matrices per epoch, &gt;= 1; default
 *     {@value #DEFAULT_ROUNDS_PER_EPOCH}
 * @param combine how the workers' replicas are combined every round; default sum
 * @param seed seed of initialisation, subsampling, windows and negative samples; default
 *     {@value #DEFAULT_SEED}
 * @throws SpecException listing every value out of range, by the key a user writes
 */
public record Word2VecSpec(
    String name,
    List<String> corpus,
    Architecture architecture,
    int dim,
    int window,
    int negative,
    int minCount,
    Integer maxVocabulary,
    double sample,
    int epochs,
    double learningRate,
    double minLearningRate,
    boolean shrinkWindow,
    Saturation saturation,
    int threads,
    int workers,
    int roundsPerEpoch,
    Combine combine,
    long seed,
    OutputSpec output) implements Serializable {

  /** The corpus sets sparktrain can fetch. */
  public static final List<String> CORPORA =
      List.of("sotu", "moby-dick", "wordnet", "gcide", "spam-assassin");

  public static final int DEFAULT_DIM = 100;
  public static final int DEFAULT_WINDOW = 5;
  public static final int DEFAULT_NEGATIVE = 5;
  public static final int DEFAULT_MIN_COUNT = 5;
  public static final double DEFAULT_SAMPLE = 1e-3;
  public static final int DEFAULT_EPOCHS = 5;
  public static final double DEFAULT_SKIP_GRAM_LEARNING_RATE = 0.025;
  public static final double DEFAULT_CBOW_LEARNING_RATE = 0.05;
  public static final double DEFAULT_MIN_LEARNING_RATE = 1e-4;
  public static final int DEFAULT_THREADS = 1;
  public static final int DEFAULT_WORKERS = 2;
  public static final int DEFAULT_ROUNDS_PER_EPOCH = 16;
  public static final long DEFAULT_SEED = 42;

  /** How a centre word and its context are related in training (Mikolov et al. 2013). */
  public enum Architecture {
    /** Each context word predicts the centre word. */
    SKIP_GRAM,
    /** The mean of the context vectors predicts the centre word (gensim's cbow_mean=1). */
    CBOW;

    /** word2vec.c's starting learning rate for this architecture. */
    public double defaultLearningRate() {
      return this == CBOW ? DEFAULT_CBOW_LEARNING_RATE : DEFAULT_SKIP_GRAM_LEARNING_RATE;
    }
  }

  /**
   * How the workers' replicas are combined every round: {@code SUM} adds up their changes since
   * the round's start, {@code AVERAGE} averages each row over the workers that changed it.
   */
  public enum Combine { SUM, AVERAGE }

  /**
   * What one negative-sampling pair does when its score x = input · output is at or beyond
   * ±{@code SigmoidTable.MAX_EXP}, where the table ends. {@code UPDATE} (word2vec.c) takes σ(x) as
   * 0 or 1, so a confidently wrong pair still moves by the whole learning rate; {@code SKIP}
   * (gensim 4) leaves the pair alone, right or wrong.
   */
  public enum Saturation { UPDATE, SKIP }

  public Word2VecSpec {
    corpus = corpus == null ? List.of() : List.copyOf(corpus);
    new Checks()
        .required("word2vec.model", architecture)
        .in(Range.atLeast(1), "word2vec.dim", dim)
        .in(Range.atLeast(1), "word2vec.window", window)
        .in(Range.atLeast(1), "word2vec.negative", negative)
        .in(Range.atLeast(1), "word2vec.minCount", minCount)
        .in(Range.atLeast(1), "word2vec.maxVocabulary", maxVocabulary == null ? 1 : maxVocabulary)
        .in(Range.NON_NEGATIVE, "word2vec.sample", sample)
        .in(Range.atLeast(1), "word2vec.epochs", epochs)
        .in(Range.POSITIVE, "word2vec.learningRate", learningRate)
        .check(minLearningRate >= 0 && minLearningRate <= learningRate,
            "word2vec.minLearningRate", "must be in [0, learningRate], found " + minLearningRate)
        .required("word2vec.saturation", saturation)
        .in(Range.atLeast(1), "training.threads", threads)
        .in(Range.atLeast(1), "training.workers", workers)
        .in(Range.atLeast(1), "training.roundsPerEpoch", roundsPerEpoch)
        .required("training.combine", combine)
        .throwIfAny("word2vec spec " + name);
  }

  /** Every default, for {@code architecture}, on {@code corpus}; runs under {@code runs/}. */
  public static Word2VecSpec defaults(String name, List<String> corpus,
      Architecture architecture) {
    return new Word2VecSpec(name, corpus, architecture, DEFAULT_DIM, DEFAULT_WINDOW,
        DEFAULT_NEGATIVE, DEFAULT_MIN_COUNT, null, DEFAULT_SAMPLE, DEFAULT_EPOCHS,
        architecture.defaultLearningRate(), DEFAULT_MIN_LEARNING_RATE, true, Saturation.UPDATE,
        DEFAULT_THREADS,
        DEFAULT_WORKERS, DEFAULT_ROUNDS_PER_EPOCH, Combine.SUM, DEFAULT_SEED,
        OutputSpec.defaults());
  }

  /** Every default for {@code architecture}, on no corpus: the trainer's settings alone. */
  public static Word2VecSpec defaults(Architecture architecture) {
    return defaults("word2vec", List.of(), architecture);
  }

  /** Skip-gram defaults, on no corpus. */
  public static Word2VecSpec defaults() {
    return defaults(Architecture.SKIP_GRAM);
  }

  /** Whether this trains skip-gram (else CBOW). */
  public boolean skipGram() {
    return architecture == Architecture.SKIP_GRAM;
  }

  /** This spec with another vector size. */
  public Word2VecSpec withDim(int newDim) {
    return new Word2VecSpec(name, corpus, architecture, newDim, window, negative, minCount,
        maxVocabulary, sample, epochs, learningRate, minLearningRate, shrinkWindow, saturation,
        threads, workers, roundsPerEpoch, combine, seed, output);
  }

  /** This spec with another number of passes. */
  public Word2VecSpec withEpochs(int newEpochs) {
    return new Word2VecSpec(name, corpus, architecture, dim, window, negative, minCount,
        maxVocabulary, sample, newEpochs, learningRate, minLearningRate, shrinkWindow, saturation,
        threads, workers, roundsPerEpoch, combine, seed, output);
  }

  /** This spec with another number of threads per task. */
  public Word2VecSpec withThreads(int newThreads) {
    return new Word2VecSpec(name, corpus, architecture, dim, window, negative, minCount,
        maxVocabulary, sample, epochs, learningRate, minLearningRate, shrinkWindow, saturation,
        newThreads, workers, roundsPerEpoch, combine, seed, output);
  }

  /** This spec with another seed. */
  public Word2VecSpec withSeed(long newSeed) {
    return new Word2VecSpec(name, corpus, architecture, dim, window, negative, minCount,
        maxVocabulary, sample, epochs, learningRate, minLearningRate, shrinkWindow, saturation,
        threads, workers, roundsPerEpoch, combine, newSeed, output);
  }

  /** This spec with or without the shrinking window. */
  public Word2VecSpec withShrinkWindow(boolean newShrinkWindow) {
    return new Word2VecSpec(name, corpus, architecture, dim, window, negative, minCount,
        maxVocabulary, sample, epochs, learningRate, minLearningRate, newShrinkWindow, saturation,
        threads, workers, roundsPerEpoch, combine, seed, output);
  }

  /** This spec with another treatment of saturated pairs. */
  public Word2VecSpec withSaturation(Saturation newSaturation) {
    return new Word2VecSpec(name, corpus, architecture, dim, window, negative, minCount,
        maxVocabulary, sample, epochs, learningRate, minLearningRate, shrinkWindow, newSaturation,
        threads, workers, roundsPerEpoch, combine, seed, output);
  }

  /** This spec with another subsampling threshold. */
  public Word2VecSpec withSample(double newSample) {
    return new Word2VecSpec(name, corpus, architecture, dim, window, negative, minCount,
        maxVocabulary, newSample, epochs, learningRate, minLearningRate, shrinkWindow, saturation,
        threads, workers, roundsPerEpoch, combine, seed, output);
  }
}
