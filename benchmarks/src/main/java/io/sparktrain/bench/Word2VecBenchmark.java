package io.sparktrain.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparktrain.data.DataCache;
import io.sparktrain.embed.eval.EmbeddingEvaluation;
import io.sparktrain.embed.eval.EmbeddingScores;
import io.sparktrain.embed.eval.EvaluationSets;
import io.sparktrain.embed.eval.Vectors;
import io.sparktrain.train.KryoSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Word2Vec words/s and evaluation scores of sparktrain at local[2], gensim 4.2 with 2 workers,
 * Spark MLlib at local[2] and DL4J's single-machine Word2Vec, all in one run on the same tokens:
 * the State of the Union addresses, Moby-Dick, WordNet's glosses and Webster's 1913 dictionary,
 * tokenised once as sparktrain tokenises them ({@link TokenisedCorpus}). Settings are those of
 * {@link Word2VecTrainers}. Every trainer's vectors are scored by the same Java
 * {@link EmbeddingEvaluation}, ordered by the same corpus frequencies. A trainer that fails or runs
 * past the time limit is reported as such and the others go on; its training may still run in the
 * background (DL4J's threads do not stop when interrupted), so the slow trainers come last.
 *
 * <p>{@code benchmarks/w2v/run.sh [--limit-seconds N] [--json FILE] [--corpora a,b,...]}: N caps
 * each trainer (default 900 s); FILE receives the table as JSON; the corpora (data sets of
 * {@link DataCache}) replace the default four, for a quick check.
 */
public final class Word2VecBenchmark {

  private static final List<String> CORPORA = List.of("sotu", "moby-dick", "wordnet", "gcide");
  private static final List<String> TRAINERS = List.of("sparktrain", "gensim", "mllib", "dl4j");
  private static final String USAGE = "usage: Word2VecBenchmark [--limit-seconds N] [--json FILE]"
      + " [--corpora a,b,...] [--trainers sparktrain,gensim,mllib,dl4j]"
      + " [--sparktrain combine:rounds:workers:threads[:factor=value...],...]";
  private static final int DEFAULT_LIMIT_SECONDS = 900;

  private Word2VecBenchmark() {}

  /**
   * One trainer's measurement; numbers are null when it did not finish.
   *
   * @param wordsPerSecond corpus tokens times epochs over {@code seconds}
   * @param seconds what the trainer's row says is timed
   * @param failure why there are no numbers, else null
   */
  record Row(String trainer, String objective, Double wordsPerSecond, Double seconds,
      Integer vocabulary, EmbeddingScores scores, String failure) {}

  public static void main(String[] args) throws IOException {
    int limit = DEFAULT_LIMIT_SECONDS;
    Path json = null;
    List<String> corpora = CORPORA;
    Selection selection = new Selection(TRAINERS, List.of(Word2VecTrainers.Variant.DEFAULT));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--limit-seconds" -> limit = Integer.parseInt(args[++i]);
        case "--json" -> json = Path.of(args[++i]);
        case "--corpora" -> corpora = List.of(args[++i].split(","));
        case "--trainers" -> selection = new Selection(List.of(args[++i].split(",")),
            selection.variants());
        case "--sparktrain" -> selection = new Selection(selection.trainers(),
            Stream.of(args[++i].split(",")).map(Word2VecTrainers.Variant::parse).toList());
        default -> {
          System.err.println(USAGE);
          System.exit(2);
        }
      }
    }
    Path work = Files.createTempDirectory("sparktrain-w2v-bench-");
    SparkSession spark = SparkSession.builder().config(KryoSetup.apply(new SparkConf()
        .setMaster("local[2]").setAppName("sparktrain word2vec benchmark")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.sql.shuffle.partitions", "2"))).getOrCreate();
    try {
      List<Row> rows = run(spark, work, limit, corpora, selection);
      print(rows);
      if (json != null) {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(json.toFile(), table(rows, corpora));
        System.out.println("table written to " + json);
      }
    } finally {
      spark.stop();
      delete(work);
    }
    // DL4J's worker threads outlive a timed-out fit; nothing else is left to wait for.
    System.exit(0);
  }

  /**
   * Which trainers run: the names of {@link #TRAINERS}, and for sparktrain every variant given
   * (one factor at a time against the default, for the quality study).
   */
  record Selection(List<String> trainers, List<Word2VecTrainers.Variant> variants) {}

  private static List<Row> run(SparkSession spark, Path work, int limit, List<String> corpora,
      Selection selection) {
    DataCache cache = DataCache.fromEnvironment();
    TokenisedCorpus corpus = TokenisedCorpus.write(
        corpora.stream().map(cache::ensure).toList(), work.resolve("corpus.txt"));
    System.out.printf("corpus %s: %,d sentences, %,d tokens, %,d words of >= %d occurrences%n",
        String.join(" + ", corpora), corpus.sentences(), corpus.tokens(),
        corpus.vocabularySize(Word2VecTrainers.MIN_COUNT), Word2VecTrainers.MIN_COUNT);
    EvaluationSets sets = EvaluationSets.fromWordNet(cache.ensure("wordnet"),
        corpus.vocabulary(Word2VecTrainers.MIN_COUNT));
    sets.write(work.resolve("eval"));
    System.out.println(sets.describe());
    EmbeddingEvaluation evaluation = EmbeddingEvaluation.of(sets);
    Measurer measurer = new Measurer(corpus, evaluation, limit);
    Word2VecTrainers trainers = new Word2VecTrainers(spark, corpus);
    String negative = "skip-gram, negative sampling";
    List<Row> rows = new ArrayList<>();
    if (selection.trainers().contains("sparktrain")) {
      for (Word2VecTrainers.Variant variant : selection.variants()) {
        rows.add(measurer.measure(variant.equals(Word2VecTrainers.Variant.DEFAULT)
                ? SPARKTRAIN : variant.toString(), negative, () -> trainers.sparktrain(variant),
            () -> spark.sparkContext().cancelAllJobs()));
      }
    }
    if (selection.trainers().contains("gensim")) {
      rows.add(measurer.measure(GENSIM, negative, () -> trainers.gensim(work), () -> { }));
    }
    if (selection.trainers().contains("mllib")) {
      rows.add(measurer.measure(MLLIB,
          "skip-gram, hierarchical softmax (MLlib's only objective; no subsampling)",
          trainers::mllib, () -> spark.sparkContext().cancelAllJobs()));
    }
    if (selection.trainers().contains("dl4j")) {
      rows.add(measurer.measure("DL4J Word2Vec, single machine, 2 workers", negative,
          trainers::dl4j, () -> { }));
    }
    return rows;
  }

  /** Runs one trainer under the time limit and scores what it made. */
  private record Measurer(TokenisedCorpus corpus, EmbeddingEvaluation evaluation, int limit) {

    Row measure(String trainer, String objective, Callable<Word2VecTrainers.Trained> training,
        Runnable cancel) {
      System.out.println(trainer + " ...");
      ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "w2v-bench-trainer");
        thread.setDaemon(true);
        return thread;
      });
      Future<Word2VecTrainers.Trained> future = executor.submit(training);
      try {
        Word2VecTrainers.Trained trained = future.get(limit, TimeUnit.SECONDS);
        Vectors vectors = Vectors.of(corpus.byFrequency(trained.vectors()));
        EmbeddingScores scores = evaluation.evaluate(vectors);
        double wordsPerSecond = corpus.tokens() * (double) Word2VecTrainers.EPOCHS
            / trained.seconds();
        System.out.printf("  %.1f s, %,.0f words/s, %s%n", trained.seconds(), wordsPerSecond,
            scores.summary());
        return new Row(trainer, objective, wordsPerSecond, trained.seconds(),
            vectors.vocabulary().size(), scores, null);
      } catch (TimeoutException e) {
        cancel.run();
        future.cancel(true);
        return failed(trainer, objective, "did not finish in " + limit + " s");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        return failed(trainer, objective, cause.getClass().getSimpleName() + ": "
            + cause.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed(trainer, objective, "interrupted");
      } finally {
        executor.shutdownNow();
      }
    }

    private static Row failed(String trainer, String objective, String why) {
      System.out.println("  failed: " + why);
      return new Row(trainer, objective, null, null, null, null, why);
    }
  }

  private static final String SPARKTRAIN = "sparktrain local[2], 2 workers x 1 thread";
  private static final String GENSIM = "gensim 4.2, 2 workers";
  private static final String MLLIB = "Spark MLlib local[2], 2 partitions";
  private static final Row MISSING = new Row("(not run)", "", null, null, null, null, "not run");

  private static Row find(List<Row> rows, String trainer) {
    return rows.stream().filter(r -> r.trainer().equals(trainer)).findFirst().orElse(MISSING);
  }

  private static void print(List<Row> rows) {
    Row sparktrain = find(rows, SPARKTRAIN);
    Row gensim = find(rows, GENSIM);
    Row mllib = find(rows, MLLIB);
    System.out.printf("%n%-42s %10s %9s %8s %-26s %8s %7s%n", "trainer", "words/s",
        "/ gensim", "syn. AUC", "analogies (covered)", "seconds", "vocab");
    for (Row row : rows) {
      if (row.failure() != null) {
        System.out.printf("%-42s %s%n", row.trainer(), row.failure());
        continue;
      }
      EmbeddingScores s = row.scores();
      System.out.printf("%-42s %,10.0f %8sx %8.4f %-26s %8.1f %,7d%n", row.trainer(),
          row.wordsPerSecond(), ratio(row, gensim), s.synonymAuc(),
          String.format("%.4f (%d/%d)", s.analogyAccuracy(), s.analogies().covered(),
              s.analogies().total()), row.seconds(), row.vocabulary());
    }
    for (Row row : rows) {
      System.out.printf("  %s: %s%n", row.trainer(), row.objective());
      if (row.scores() != null) {
        System.out.printf("    %s%n", row.scores().summary());
      }
    }
    System.out.println("words/s: corpus tokens x 5 epochs / seconds timed; sparktrain and gensim"
        + " time training only, MLlib and DL4J their whole fit (vocabulary included)");
    System.out.printf("%nacceptance (same run):%n");
    System.out.printf("  sparktrain / gensim words/s   %s  (target >= 1.2)%n",
        ratio(sparktrain, gensim));
    System.out.printf("  sparktrain / MLlib words/s    %s  (target >= 5)%n",
        ratio(sparktrain, mllib));
    boolean scored = sparktrain.scores() != null && gensim.scores() != null;
    System.out.printf("  sparktrain - gensim synonym AUC  %s  (target >= -0.005)%n",
        scored ? String.format("%+.4f", sparktrain.scores().synonymAuc()
            - gensim.scores().synonymAuc()) : "n/a");
    System.out.printf("  sparktrain - gensim analogies    %s  (target >= -0.015)%n",
        scored ? String.format("%+.4f", sparktrain.scores().analogyAccuracy()
            - gensim.scores().analogyAccuracy()) : "n/a");
  }

  /** The printed table as JSON: the rows with their ratio to gensim, and the acceptance ratios. */
  private static Map<String, Object> table(List<Row> rows, List<String> corpora) {
    Row sparktrain = find(rows, SPARKTRAIN);
    Row gensim = find(rows, GENSIM);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row row : rows) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("trainer", row.trainer());
      r.put("objective", row.objective());
      r.put("wordsPerSecond", row.wordsPerSecond());
      r.put("ratioToGensim", number(ratio(row, gensim)));
      r.put("seconds", row.seconds());
      r.put("vocabulary", row.vocabulary());
      r.put("scores", row.scores());
      r.put("failure", row.failure());
      out.add(r);
    }
    Map<String, Object> acceptance = new LinkedHashMap<>();
    acceptance.put("sparktrainOverGensimWordsPerSecond", number(ratio(sparktrain, gensim)));
    acceptance.put("sparktrainOverMllibWordsPerSecond",
        number(ratio(sparktrain, find(rows, MLLIB))));
    boolean scored = sparktrain.scores() != null && gensim.scores() != null;
    acceptance.put("sparktrainMinusGensimSynonymAuc", scored
        ? sparktrain.scores().synonymAuc() - gensim.scores().synonymAuc() : null);
    acceptance.put("sparktrainMinusGensimAnalogies", scored
        ? sparktrain.scores().analogyAccuracy() - gensim.scores().analogyAccuracy() : null);
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("corpus", corpora);
    table.put("cores", Runtime.getRuntime().availableProcessors());
    table.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    table.put("rows", out);
    table.put("acceptance", acceptance);
    return table;
  }

  private static Double number(String ratio) {
    return "n/a".equals(ratio) ? null : Double.valueOf(ratio);
  }

  private static String ratio(Row row, Row reference) {
    if (row.wordsPerSecond() == null || reference.wordsPerSecond() == null) {
      return "n/a";
    }
    return String.format("%.2f", row.wordsPerSecond() / reference.wordsPerSecond());
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
