package io.sparktrain.spec;

import java.util.List;

/**
 * A Word2Vec pretraining job: which corpora, which model, how it runs on Spark.
 *
 * @param name names the directory of its runs
 * @param corpus registered corpus sets ({@code sotu}, {@code moby-dick}, {@code wordnet},
 *     {@code gcide}, {@code spam-assassin}) or paths of text files or directories
 * @param skipGram skip-gram (default) or CBOW
 * @param dim vector size (100)
 * @param window maximum context distance (5); each centre word draws a smaller one
 * @param negative negative samples per positive pair (5)
 * @param minCount words seen fewer times are dropped (5)
 * @param maxVocabulary keep at most this many of the most frequent words; null for no cap
 * @param sample frequent-word subsampling threshold (1e-3); 0 for none
 * @param epochs passes over the corpus (5)
 * @param learningRate starting rate, decaying linearly to {@code minLearningRate}; default 0.025
 *     for skip-gram, 0.05 for CBOW
 * @param minLearningRate final rate (0.0001)
 * @param threads Hogwild threads per Spark task (1)
 * @param workers Spark partitions training in parallel (2)
 * @param roundsPerEpoch synchronisations of both weight matrices per epoch (4)
 * @param averageUpdates combine the workers' replicas by averaging them ({@code combine:
 *     average}) rather than by adding up their changes ({@code combine: sum}, the default)
 * @param seed seed of initialisation, subsampling, windows and negative samples (42)
 */
public record Word2VecSpec(
    String name,
    List<String> corpus,
    boolean skipGram,
    int dim,
    int window,
    int negative,
    int minCount,
    Integer maxVocabulary,
    double sample,
    int epochs,
    double learningRate,
    double minLearningRate,
    int threads,
    int workers,
    int roundsPerEpoch,
    boolean averageUpdates,
    long seed,
    OutputSpec output) {

  /** The corpus sets sparktrain can fetch. */
  public static final List<String> CORPORA =
      List.of("sotu", "moby-dick", "wordnet", "gcide", "spam-assassin");
}
