package io.sparktrain.embed;

import io.sparktrain.spec.Word2VecSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words a Word2Vec model trains on, indexed by descending count (ties broken by word so that
 * the order, and with it every index, is the same on every machine), with what the training loop
 * needs per word: the probability of keeping an occurrence under frequent-word subsampling and the
 * distribution negative samples are drawn from.
 *
 * <p>Serializable so that the driver can broadcast it; only the words, counts and the subsampling
 * rate travel, everything derived is rebuilt on arrival.
 */
public final class Vocabulary implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Word2vec's subsampling rate, as in word2vec.c and gensim. */
  public static final double DEFAULT_SAMPLE = Word2VecSpec.DEFAULT_SAMPLE;

  /** {@link #keepThreshold} of a word that is never dropped. */
  public static final int ALWAYS_KEEP = Integer.MAX_VALUE;

  private final String[] words;
  private final long[] counts;
  private final double sample;

  /**
   * What follows from the words and counts, rebuilt on first use after any deserialisation: Spark
   * broadcasts with Kryo, which calls no {@code readObject}, so on a cluster's executors the
   * derived fields used to arrive null (local mode hands tasks the driver's own object, and never
   * showed it). Two threads may both derive it; they derive the same.
   */
  private record Derived(Map<String, Integer> index, long totalCount, int[] keepThresholds,
      NegativeTable negatives) {}

  private transient volatile Derived derived;

  private Vocabulary(String[] words, long[] counts, double sample) {
    this.words = words;
    this.counts = counts;
    this.sample = sample;
    this.derived = derive();
  }

  /**
   * Keeps the words counted at least {@code minCount} times, most frequent first.
   *
   * @param counts occurrences per word; words must be non-empty and free of whitespace (the
   *     vector file formats separate fields by spaces)
   * @param minCount smallest count kept, &gt;= 1 (word2vec.c and gensim default to 5)
   * @param maxSize most words kept, the most frequent ones; 0 for no limit
   * @param sample subsampling rate t of Mikolov et al. (2013), &gt;= 0; 0 turns subsampling off;
   *     default {@link #DEFAULT_SAMPLE}
   * @throws IllegalArgumentException on a bad bound, a negative count or a malformed word, or if
   *     no word is left
   */
  public static Vocabulary build(Map<String, Long> counts, int minCount, int maxSize,
      double sample) {
    if (minCount < 1 || maxSize < 0 || !(sample >= 0)) {
      throw new IllegalArgumentException("vocabulary: need minCount >= 1, maxSize >= 0,"
          + " sample >= 0; found " + minCount + ", " + maxSize + ", " + sample);
    }
    List<Map.Entry<String, Long>> kept = new ArrayList<>();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      checkWord(e.getKey());
      if (e.getValue() < 0) {
        throw new IllegalArgumentException("vocabulary: negative count for '" + e.getKey() + "'");
      }
      if (e.getValue() >= minCount) {
        kept.add(e);
      }
    }
    kept.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    int size = maxSize == 0 ? kept.size() : Math.min(maxSize, kept.size());
    if (size == 0) {
      throw new IllegalArgumentException("vocabulary: no word is counted " + minCount + " times");
    }
    String[] w = new String[size];
    long[] c = new long[size];
    for (int i = 0; i < size; i++) {
      w[i] = kept.get(i).getKey();
      c[i] = kept.get(i).getValue();
    }
    return new Vocabulary(w, c, sample);
  }

  /** {@link #build(Map, int, int, double)} with no size limit and the default subsampling rate. */
  public static Vocabulary build(Map<String, Long> counts, int minCount) {
    return build(counts, minCount, 0, DEFAULT_SAMPLE);
  }

  /** The vocabulary for a run: {@code config}'s minCount and subsampling rate, no size limit. */
  public static Vocabulary build(Map<String, Long> counts, Word2VecSpec config) {
    return build(counts, config.minCount(), 0, config.sample());
  }

  /** Index of {@code word}, 0 for the most frequent; -1 if it is not in the vocabulary. */
  public int index(String word) {
    Integer i = derived().index().get(word);
    return i == null ? -1 : i;
  }

  /** The word at {@code index}. */
  public String word(int index) {
    return words[index];
  }

  /** All words, most frequent first. */
  public List<String> words() {
    return List.of(words);
  }

  /** Occurrences counted for the word at {@code index}. */
  public long count(int index) {
    return counts[index];
  }

  /** Number of words. */
  public int size() {
    return words.length;
  }

  /** Occurrences of all words kept: the corpus size one training pass sees before subsampling. */
  public long totalCount() {
    return derived().totalCount();
  }

  /** The subsampling rate this vocabulary was built with. */
  public double sample() {
    return sample;
  }

  /**
   * The threshold below which a uniform random int in [0, 2^31) keeps an occurrence of the word
   * at {@code index}: keep probability × 2^31, {@link #ALWAYS_KEEP} when it is 1. The probability
   * is word2vec.c's (sqrt(f / t) + 1) · t / f for a word of corpus frequency f and rate t, which
   * is gensim's too; it exceeds 1 (no subsampling) for words rarer than about 2.6 t.
   */
  public int keepThreshold(int index) {
    return derived().keepThresholds()[index];
  }

  /** Keep probability of the word at {@code index}, in (0, 1]. */
  public double keepProbability(int index) {
    int threshold = keepThreshold(index);
    return threshold == ALWAYS_KEEP ? 1.0 : threshold / 0x1p31;
  }

  /** Subsampling thresholds of all words; shared, do not modify (the training loop reads it). */
  int[] keepThresholds() {
    return derived().keepThresholds();
  }

  /** The negative-sampling distribution (count^0.75). */
  NegativeTable negatives() {
    return derived().negatives();
  }

  /**
   * The indices of the in-vocabulary tokens of a sentence, in order; out-of-vocabulary tokens are
   * dropped, as word2vec.c and gensim do before windowing.
   */
  public int[] encode(String[] tokens) {
    int[] out = new int[tokens.length];
    int n = 0;
    Map<String, Integer> index = derived().index();
    for (String t : tokens) {
      Integer i = index.get(t);
      if (i != null) {
        out[n++] = i;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  private Derived derived() {
    Derived d = derived;
    if (d == null) {
      d = derive();
      derived = d;
    }
    return d;
  }

  private Derived derive() {
    Map<String, Integer> index = new HashMap<>(words.length * 2);
    long total = 0;
    for (int i = 0; i < words.length; i++) {
      index.put(words[i], i);
      total += counts[i];
    }
    return new Derived(index, total, keepThresholds(counts, total, sample),
        NegativeTable.fromCounts(counts));
  }

  private static int[] keepThresholds(long[] counts, long total, double sample) {
    int[] thresholds = new int[counts.length];
    double t = sample * total;
    for (int i = 0; i < counts.length; i++) {
      double keep = sample == 0 || counts[i] == 0
          ? 1.0 : (Math.sqrt(counts[i] / t) + 1) * t / counts[i];
      thresholds[i] = keep >= 1.0 ? ALWAYS_KEEP : (int) (keep * 0x1p31);
    }
    return thresholds;
  }

  private static void checkWord(String word) {
    if (word == null || word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("vocabulary: words must be non-empty and without"
          + " whitespace, found '" + word + "'");
    }
  }
}
