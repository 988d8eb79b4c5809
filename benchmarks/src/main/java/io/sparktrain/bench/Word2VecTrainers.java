package io.sparktrain.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.split;

import io.sparktrain.embed.SparkWord2Vec;
import io.sparktrain.embed.Word2VecFormat;
import io.sparktrain.embed.WordVectors;
import io.sparktrain.spec.OutputSpec;
import io.sparktrain.spec.Word2VecSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.Word2VecModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.models.word2vec.Word2Vec;
import org.deeplearning4j.text.sentenceiterator.BasicLineIterator;
import org.deeplearning4j.text.tokenization.tokenizerfactory.DefaultTokenizerFactory;

/**
 * The four trainers of {@link Word2VecBenchmark}, each on the same tokenised corpus with the same
 * settings ({@link #DIM}, {@link #WINDOW}, {@link #NEGATIVE}, {@link #MIN_COUNT}, {@link #EPOCHS},
 * skip-gram, sample 1e-3, learning rate 0.025 to 1e-4, seed {@link #SEED}) as far as each allows.
 * Words/s is always the corpus's tokens times the epochs over the seconds timed, so that every
 * trainer is credited with the same words, whatever it counts itself.
 */
final class Word2VecTrainers {

  static final int DIM = 100;
  static final int WINDOW = 5;
  static final int NEGATIVE = 5;
  static final int MIN_COUNT = 5;
  static final int EPOCHS = 5;
  static final double SAMPLE = 1e-3;
  static final double ALPHA = 0.025;
  static final double MIN_ALPHA = 1e-4;
  static final long SEED = 42;
  static final int WORKERS = 2;
  /** gensim's script and the Python that has Debian's gensim 4.2 (not pyenv's). */
  static final String PYTHON = "/usr/bin/python3";
  static final Path GENSIM_SCRIPT = Path.of("benchmarks", "w2v", "gensim_train.py");

  /**
   * What one trainer produced.
   *
   * @param vectors every word's vector
   * @param seconds the time measured (see each trainer)
   */
  record Trained(Map<String, float[]> vectors, double seconds) {}

  private final SparkSession spark;
  private final TokenisedCorpus corpus;

  Word2VecTrainers(SparkSession spark, TokenisedCorpus corpus) {
    this.spark = spark;
    this.corpus = corpus;
  }

  /**
   * One configuration of sparktrain's trainer, written {@code combine:rounds:workers:threads} on
   * the command line ({@code sum:16:2:1}, the default: 2 workers x 1 thread, 16 rounds per epoch,
   * the workers' changes summed), optionally followed by one factor changed from the benchmark's
   * settings each: {@code :window=fixed}, {@code :saturation=skip}, {@code :sample=0},
   * {@code :alpha=0.0125}, {@code :seed=7} (e.g. {@code sum:16:2:1:saturation=skip}).
   */
  record Variant(Word2VecSpec.Combine combine, int roundsPerEpoch, int workers, int threads,
      boolean shrinkWindow, Word2VecSpec.Saturation saturation, double sample, double alpha,
      long seed) {

    static final Variant DEFAULT = new Variant(Word2VecSpec.Combine.SUM,
        Word2VecSpec.DEFAULT_ROUNDS_PER_EPOCH, WORKERS, 1, true, Word2VecSpec.Saturation.UPDATE,
        SAMPLE, ALPHA, SEED);

    /** Parses {@code combine:rounds:workers:threads[:factor=value...]}. */
    static Variant parse(String text) {
      String[] parts = text.split(":");
      if (parts.length < 4) {
        throw new IllegalArgumentException("a sparktrain variant is combine:rounds:workers:threads"
            + "[:factor=value...] (e.g. sum:16:2:1 or sum:16:2:1:saturation=skip), found " + text);
      }
      Variant v = new Variant(Word2VecSpec.Combine.valueOf(parts[0].toUpperCase(Locale.ROOT)),
          Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Integer.parseInt(parts[3]),
          true, Word2VecSpec.Saturation.UPDATE, SAMPLE, ALPHA, SEED);
      for (int i = 4; i < parts.length; i++) {
        v = v.with(parts[i]);
      }
      return v;
    }

    private Variant with(String factor) {
      String[] kv = factor.split("=", 2);
      String value = kv.length == 2 ? kv[1] : "";
      return switch (kv[0]) {
        case "window" -> new Variant(combine, roundsPerEpoch, workers, threads,
            switch (value) {
              case "shrinking" -> true;
              case "fixed" -> false;
              default -> throw new IllegalArgumentException("window=shrinking or window=fixed,"
                  + " found " + factor);
            }, saturation, sample, alpha, seed);
        case "saturation" -> new Variant(combine, roundsPerEpoch, workers, threads, shrinkWindow,
            Word2VecSpec.Saturation.valueOf(value.toUpperCase(Locale.ROOT)), sample, alpha, seed);
        case "sample" -> new Variant(combine, roundsPerEpoch, workers, threads, shrinkWindow,
            saturation, Double.parseDouble(value), alpha, seed);
        case "alpha" -> new Variant(combine, roundsPerEpoch, workers, threads, shrinkWindow,
            saturation, sample, Double.parseDouble(value), seed);
        case "seed" -> new Variant(combine, roundsPerEpoch, workers, threads, shrinkWindow,
            saturation, sample, alpha, Long.parseLong(value));
        default -> throw new IllegalArgumentException("unknown sparktrain variant factor " + factor
            + " (expected window=, saturation=, sample=, alpha= or seed=)");
      };
    }

    @Override
    public String toString() {
      StringBuilder name = new StringBuilder(String.format(
          "sparktrain %s, %d rounds/epoch, %d workers x %d threads",
          combine.name().toLowerCase(Locale.ROOT), roundsPerEpoch, workers, threads));
      if (!shrinkWindow) {
        name.append(", fixed window");
      }
      if (saturation != Word2VecSpec.Saturation.UPDATE) {
        name.append(", saturated pairs ").append(saturation.name().toLowerCase(Locale.ROOT));
      }
      if (sample != SAMPLE) {
        name.append(", sample ").append(sample);
      }
      if (alpha != ALPHA) {
        name.append(", alpha ").append(alpha);
      }
      if (seed != SEED) {
        name.append(", seed ").append(seed);
      }
      return name.toString();
    }
  }

  /**
   * sparktrain's {@link SparkWord2Vec} in the default configuration ({@link Variant#DEFAULT}).
   * Timed as {@link SparkWord2Vec.Result#seconds()}: the rounds, without the vocabulary and the
   * caching of the encoded sentences.
   */
  Trained sparktrain() {
    return sparktrain(Variant.DEFAULT);
  }

  /** sparktrain's {@link SparkWord2Vec} in the given configuration, timed as {@link #sparktrain()}. */
  Trained sparktrain(Variant variant) {
    Word2VecSpec config = new Word2VecSpec("bench", List.of(corpus.file().toString()),
        Word2VecSpec.Architecture.SKIP_GRAM, DIM, WINDOW, NEGATIVE, MIN_COUNT, null,
        variant.sample(), EPOCHS, variant.alpha(), Math.min(MIN_ALPHA, variant.alpha()),
        variant.shrinkWindow(), variant.saturation(), variant.threads(), variant.workers(),
        variant.roundsPerEpoch(), variant.combine(), variant.seed(), OutputSpec.defaults());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SparkWord2Vec.Result result = new SparkWord2Vec(sc, variant.combine()).train(
        sc.textFile(corpus.file().toString(), variant.workers()), config, 0, variant.workers(),
        variant.roundsPerEpoch(),
        (epoch, round, rounds, done, total, alpha, wordsPerSecond, seconds) -> {
          if (round == rounds) {
            System.out.printf("  sparktrain epoch %d: %.0f s%n", epoch, seconds);
          }
        });
    System.out.printf("  sparktrain exchange: %d rounds, %.0f ms and %.1f MB per round%n",
        result.rounds(), result.exchangeMillisPerRound(),
        result.bytesPerRound(variant.workers()) / 1e6);
    return new Trained(map(WordVectors.of(result.vocabulary(), result.weights())),
        result.seconds());
  }

  /**
   * gensim 4.2 with 2 workers, through {@code benchmarks/w2v/gensim_train.py} in a child process.
   * Timed by the script: {@code model.train}, without the vocabulary scan.
   *
   * @throws IllegalStateException if the script fails or prints no time
   */
  Trained gensim(Path workDir) throws IOException, InterruptedException {
    Path vectors = workDir.resolve("gensim.bin");
    Path log = workDir.resolve("gensim.log");
    Process process = new ProcessBuilder(PYTHON, GENSIM_SCRIPT.toString(),
        corpus.file().toString(), vectors.toString(), Integer.toString(WORKERS), "sg")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      int exit = process.waitFor();
      List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
      if (exit != 0) {
        throw new IllegalStateException("gensim_train.py exited with " + exit + ": "
            + String.join("\n", output.subList(Math.max(0, output.size() - 5), output.size())));
      }
      double seconds = output.stream().filter(l -> l.startsWith("seconds ")).findFirst()
          .map(l -> Double.parseDouble(l.substring("seconds ".length())))
          .orElseThrow(() -> new IllegalStateException("gensim_train.py printed no seconds"));
      return new Trained(map(Word2VecFormat.readBinary(vectors)), seconds);
    } finally {
      // Interrupted at the time limit: the child must not go on using the cores.
      process.destroyForcibly();
    }
  }

  /**
   * Spark MLlib's {@code ml.feature.Word2Vec} at local[2]: skip-gram with hierarchical softmax,
   * the only objective it has (no negative sampling, no subsampling). Timed as {@code fit},
   * vocabulary included, on a cached DataFrame of the token arrays.
   */
  Trained mllib() {
    Dataset<Row> sentences = spark.read().text(corpus.file().toString())
        .select(split(col("value"), " ").as("tokens")).cache();
    try {
      sentences.count();
      org.apache.spark.ml.feature.Word2Vec word2vec = new org.apache.spark.ml.feature.Word2Vec()
          .setInputCol("tokens").setOutputCol("vector").setVectorSize(DIM)
          .setWindowSize(WINDOW).setMinCount(MIN_COUNT).setMaxIter(EPOCHS)
          .setNumPartitions(WORKERS).setStepSize(ALPHA).setSeed(SEED);
      long start = System.nanoTime();
      Word2VecModel model = word2vec.fit(sentences);
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, float[]> vectors = new HashMap<>();
      for (Row row : model.getVectors().collectAsList()) {
        vectors.put(row.getString(0), floats(((Vector) row.get(1)).toArray()));
      }
      return new Trained(vectors, seconds);
    } finally {
      sentences.unpersist();
    }
  }

  /**
   * DL4J's single-machine {@link Word2Vec}: skip-gram, negative sampling, 2 worker threads, 5
   * epochs of 1 iteration each (in M2.1 an epoch is a pass over the corpus, an iteration a
   * repetition of each batch). Its default tokenizer splits on whitespace only, which on this
   * corpus file is splitting on spaces. Timed as {@code fit}, vocabulary included.
   */
  Trained dl4j() throws IOException {
    Word2Vec word2vec = new Word2Vec.Builder().layerSize(DIM).windowSize(WINDOW)
        .negativeSample(NEGATIVE).useHierarchicSoftmax(false).minWordFrequency(MIN_COUNT)
        .epochs(EPOCHS).iterations(1).sampling(SAMPLE).learningRate(ALPHA)
        .minLearningRate(MIN_ALPHA).seed(SEED).workers(WORKERS)
        .iterate(new BasicLineIterator(corpus.file().toFile()))
        .tokenizerFactory(new DefaultTokenizerFactory()).build();
    long start = System.nanoTime();
    word2vec.fit();
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, float[]> vectors = new HashMap<>();
    for (String word : word2vec.getVocab().words()) {
      vectors.put(word, floats(word2vec.getWordVector(word)));
    }
    return new Trained(vectors, seconds);
  }

  private static Map<String, float[]> map(WordVectors vectors) {
    Map<String, float[]> map = new HashMap<>();
    for (String word : vectors.words()) {
      map.put(word, vectors.vector(word));
    }
    return map;
  }

  private static float[] floats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
