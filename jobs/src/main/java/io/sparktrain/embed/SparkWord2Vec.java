package io.sparktrain.embed;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.Word2VecSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Word2Vec on Spark. The corpus is read and tokenised on the executors and never reaches the
 * driver: only word counts do, from which the driver builds the vocabulary. Encoded sentences are
 * cached one partition per worker. Every round each worker trains a copy of the current weights on
 * its next slice of sentences with {@link Word2VecTrainer}, sends back the rows of both matrices
 * it changed, and these are combined by {@link WeightSum}; the learning rate decays over the words of
 * the whole run as one machine's would.
 */
public final class SparkWord2Vec {

  /** Told after every round, and around the counting that builds the vocabulary. */
  @FunctionalInterface
  public interface Progress {
    void onRound(int epoch, int round, int rounds, long wordsDone, long totalWords,
        float alpha, double wordsPerSecond, double seconds);

    /** The corpus is about to be read and counted (the first pass, as long as reading it). */
    default void onCountingStarted() {}

    /** Counting is done: the vocabulary and how long it took. */
    default void onCountingFinished(Vocabulary vocabulary, double seconds) {}
  }

  /**
   * What a training produced.
   *
   * @param rounds how many times the workers' weights were combined
   * @param exchangeSeconds the rounds' time outside the slowest worker's training: broadcasting
   *     the weights, starting the tasks, collecting and combining the workers' changed rows
   * @param workerBytes bytes of changed rows all workers sent back, over all rounds
   */
  public record Result(Vocabulary vocabulary, Word2VecWeights weights, long corpusWords,
      long rawWords, long trainedWords, double seconds, int rounds, double exchangeSeconds,
      long workerBytes) {

    /** Words read per second of training, the vocabulary and caching excluded. */
    public double wordsPerSecond() {
      return rawWords / Math.max(1e-9, seconds);
    }

    /** Milliseconds per round spent outside training, on average. */
    public double exchangeMillisPerRound() {
      return rounds == 0 ? 0 : 1000 * exchangeSeconds / rounds;
    }

    /**
     * Bytes each round moves for {@code workers} workers, on average: both matrices to every
     * worker (the broadcast, 4 bytes a float) and the rows each worker changed back.
     */
    public long bytesPerRound(int workers) {
      long broadcast = workers * 4L * (weights.syn0().length + (long) weights.syn1neg().length);
      return broadcast + (rounds == 0 ? 0 : workerBytes / rounds);
    }
  }

  private final JavaSparkContext sc;
  private final Word2VecSpec.Combine combine;

  /** Combining the workers' changes by {@link Word2VecSpec.Combine#SUM}. */
  public SparkWord2Vec(JavaSparkContext sc) {
    this(sc, Word2VecSpec.Combine.SUM);
  }

  public SparkWord2Vec(JavaSparkContext sc, Word2VecSpec.Combine combine) {
    this.sc = sc;
    this.combine = combine;
  }

  /**
   * @param lines the corpus, one element per line, read on the executors
   * @param maxVocabulary most words kept; 0 for no limit
   * @param workers partitions trained in parallel
   * @param roundsPerEpoch averagings per epoch
   * @throws DataException if no word of the corpus is frequent enough
   */
  public Result train(JavaRDD<String> lines, Word2VecSpec config, int maxVocabulary,
      int workers, int roundsPerEpoch, Progress progress) {
    JavaRDD<String[]> tokens = lines.map(CorpusText::tokens).filter(t -> t.length > 0)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      progress.onCountingStarted();
      long countStart = System.nanoTime();
      Vocabulary vocabulary = vocabulary(tokens, config, maxVocabulary);
      progress.onCountingFinished(vocabulary, (System.nanoTime() - countStart) / 1e9);
      Broadcast<Vocabulary> vocab = sc.broadcast(vocabulary);
      JavaRDD<int[]> sentences = shard(tokens.map(t -> vocab.value().encode(t))
          .filter(s -> s.length > 0), workers);
      long corpusWords = sentences.map(s -> (long) s.length).fold(0L, Long::sum);
      tokens.unpersist(false);
      try {
        return rounds(sentences, vocab, config, corpusWords, workers, roundsPerEpoch, progress);
      } finally {
        sentences.unpersist(false);
        vocab.destroy(false);
      }
    } finally {
      tokens.unpersist(false);
    }
  }

  /**
   * Counts on the executors; the driver receives only the words it keeps. With a
   * {@code maxVocabulary} each partition of the exact counts offers its own top words and the
   * driver merges those ({@code RDD.top}): still the exact top list, but at most
   * {@code maxVocabulary} words per partition reach the driver, however many distinct words the
   * corpus has.
   */
  private Vocabulary vocabulary(JavaRDD<String[]> tokens, Word2VecSpec config,
      int maxVocabulary) {
    int minCount = config.minCount();
    JavaPairRDD<String, Long> frequent = tokens.flatMap(t -> Arrays.asList(t).iterator())
        .mapToPair(w -> new Tuple2<>(w, 1L)).reduceByKey(Long::sum)
        .filter(c -> c._2() >= minCount);
    Map<String, Long> counts = new HashMap<>();
    if (maxVocabulary > 0) {
      for (Tuple2<String, Long> top : frequent.top(maxVocabulary, new ByCount())) {
        counts.put(top._1(), top._2());
      }
    } else {
      counts.putAll(frequent.collectAsMap());
    }
    if (counts.isEmpty()) {
      throw new DataException("corpus: no word occurs " + minCount + " times (word2vec.minCount)");
    }
    return Vocabulary.build(counts, minCount, maxVocabulary, config.sample());
  }

  /**
   * Vocabulary order as a "greater is better" comparator for {@code top}: higher count first, then
   * the alphabetically earlier word, as {@link Vocabulary#build} sorts, so ties at the cut are
   * broken the same way either path.
   */
  private static final class ByCount implements Comparator<Tuple2<String, Long>>,
      Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<String, Long> a, Tuple2<String, Long> b) {
      int byCount = Long.compare(a._2(), b._2());
      return byCount != 0 ? byCount : b._1().compareTo(a._1());
    }
  }

  /** One partition per worker, sentences dealt round-robin in corpus order, that order kept. */
  private static JavaRDD<int[]> shard(JavaRDD<int[]> sentences, int workers) {
    return sentences.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
        .repartitionAndSortWithinPartitions(new HashPartitioner(workers)).values()
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  private Result rounds(JavaRDD<int[]> sentences, Broadcast<Vocabulary> vocab,
      Word2VecSpec config, long corpusWords, int workers, int roundsPerEpoch,
      Progress progress) {
    long totalWords = Math.max(1, corpusWords * config.epochs());
    Word2VecWeights weights = new Word2VecTrainer(config, vocab.value()).initialWeights();
    RunPosition position = RunPosition.start(totalWords);
    long raw = 0;
    long trained = 0;
    int rounds = 0;
    double exchange = 0;
    long workerBytes = 0;
    long start = System.nanoTime();
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      double[] cuts = cuts(roundsPerEpoch);
      for (int round = 0; round + 1 < cuts.length; round++) {
        long roundStart = System.nanoTime();
        WeightSum sum = round(sentences, vocab, config, weights, position, cuts[round],
            cuts[round + 1], workers);
        weights = sum.average(weights);
        exchange += Math.max(0, System.nanoTime() - roundStart - sum.slowestNanos()) / 1e9;
        rounds++;
        workerBytes += sum.workerBytes();
        position = position.next(sum.rawWords());
        raw += sum.rawWords();
        trained += sum.trainedWords();
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.onRound(epoch + 1, round + 1, cuts.length - 1, raw, totalWords,
            RunPosition.alpha(config, raw, totalWords), raw / Math.max(1e-9, seconds), seconds);
      }
    }
    return new Result(vocab.value(), weights, corpusWords, raw, trained,
        (System.nanoTime() - start) / 1e9, rounds, exchange, workerBytes);
  }

  /** Where an epoch's rounds start and end, as fractions of each worker's words. */
  static double[] cuts(int roundsPerEpoch) {
    double[] cuts = new double[roundsPerEpoch + 1];
    for (int k = 0; k <= roundsPerEpoch; k++) {
      cuts[k] = (double) k / roundsPerEpoch;
    }
    return cuts;
  }

  private WeightSum round(JavaRDD<int[]> sentences, Broadcast<Vocabulary> vocab,
      Word2VecSpec config, Word2VecWeights weights, RunPosition position, double from,
      double to, int workers) {
    Broadcast<Word2VecWeights> current = sc.broadcast(weights);
    Word2VecSpec.Combine rule = combine; // a local: the closure must not capture this (and sc)
    try {
      return sentences.mapPartitionsWithIndex((partition, it) -> List.of(trainSlice(it,
              partition, from, to, workers, rule, config, vocab.value(), current.value(),
              position)).iterator(), true)
          .treeAggregate(WeightSum.empty(rule), (a, b) -> a.merge(b, current.value()),
              (a, b) -> a.merge(b, current.value()));
    } finally {
      current.destroy(false);
    }
  }

  /**
   * The first sentence after {@code fraction} of the partition's words, cutting by words rather
   * than by sentences: a State of the Union paragraph is a hundred dictionary lines long.
   */
  static int boundary(List<int[]> sentences, long total, double fraction) {
    if (fraction >= 1) {
      return sentences.size();
    }
    long target = (long) (total * fraction);
    long words = 0;
    int i = 0;
    while (i < sentences.size() && words < target) {
      words += sentences.get(i++).length;
    }
    return i;
  }

  /** Runs on an executor: this round's slice of the partition, on a copy of the weights. */
  private static WeightSum trainSlice(Iterator<int[]> it, int partition, double from, double to,
      int workers, Word2VecSpec.Combine combine, Word2VecSpec config, Vocabulary vocabulary,
      Word2VecWeights shared,
      RunPosition position) {
    List<int[]> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    long total = 0;
    for (int[] s : all) {
      total += s.length;
    }
    List<int[]> slice = all.subList(boundary(all, total, from), boundary(all, total, to));
    // A broadcast value is shared by every task of this JVM: train a copy, never the original.
    Word2VecWeights own = shared.copy();
    TrainingResult result = new Word2VecTrainer(config, vocabulary)
        .train(slice, own, position.forPartition(partition, workers));
    return WeightSum.empty(combine).add(shared, own, result);
  }
}
