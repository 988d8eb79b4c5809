package io.sparktrain.embed;

import io.sparktrain.data.Corpus;
import io.sparktrain.data.TaskProgress;
import io.sparktrain.data.DataCache;
import io.sparktrain.embed.eval.EmbeddingEvaluation;
import io.sparktrain.embed.eval.EmbeddingScores;
import io.sparktrain.embed.eval.EvaluationSets;
import io.sparktrain.embed.eval.Vectors;
import io.sparktrain.runs.ModelFiles;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.Word2VecSpec;
import io.sparktrain.spec.YamlNames;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The {@code pretrain-w2v} command: a Word2Vec spec to vectors in a run directory
 * ({@code vectors.txt} and {@code vectors.bin} in word2vec's formats, which gensim and DL4J's
 * {@code WordVectorSerializer} read), scored on the WordNet evaluation sets, with words/s in the
 * progress line and in {@code run.json}.
 */
public final class Word2VecJob {

  public static final String TEXT = "vectors.txt";
  public static final String BINARY = "vectors.bin";

  private final JavaSparkContext sc;
  private final DataCache cache;
  private final PrintStream console;

  public Word2VecJob(JavaSparkContext sc, DataCache cache, PrintStream console) {
    this.sc = sc;
    this.cache = cache;
    this.console = console;
  }

  /** Trains, writes and evaluates; returns the run directory and the scores. */
  public Result run(Word2VecSpec spec, String runsDir) {
    String dir = runsDir != null ? runsDir : spec.output().runsDir();
    return runIn(RunDirectory.create(dir, spec.name(), sc.hadoopConfiguration()), spec, null);
  }

  /**
   * Trains into a given directory (a pipeline stage's).
   *
   * @param stage the pipeline stage this run is, recorded in {@code run.json}; null outside one
   */
  public Result runIn(RunDirectory run, Word2VecSpec spec, RunRecord.StageRef stage) {
    String combine = YamlNames.of(spec.combine());
    RunRecord record = RunRecord.started(spec.name(), null, null).withStage(stage)
        .withOrigin(new RunRecord.Origin(null, null, sc.master(), null))
        .withWord2Vec(new RunRecord.Word2VecFacts(spec.corpus(), combine, null, null, null, null,
            null, null, null, null, null));
    run.writeJson(RunDirectory.RUN, record);

    console.printf("run %s: word2vec %s dim %d window %d%s negative %d on %s, %d workers x %d "
        + "threads, %d rounds per epoch%s%n", run.runId(), spec.skipGram() ? "skip-gram" : "cbow",
        spec.dim(), spec.window(), spec.shrinkWindow() ? "" : " (fixed)", spec.negative(),
        spec.corpus(), spec.workers(), spec.threads(), spec.roundsPerEpoch(),
        spec.saturation() == Word2VecSpec.Saturation.SKIP ? ", saturated pairs skipped" : "");
    SparkWord2Vec.Result result = new SparkWord2Vec(sc, spec.combine()).train(
        lines(spec.corpus()), spec,
        spec.maxVocabulary() == null ? 0 : spec.maxVocabulary(), spec.workers(),
        spec.roundsPerEpoch(), new ConsoleProgress());
    WordVectors vectors = WordVectors.of(result.vocabulary(), result.weights());
    write(run, vectors);
    EmbeddingScores scores = EmbeddingEvaluation.of(EvaluationSets.fromWordNet(
        cache.ensure("wordnet"), result.vocabulary().words())).evaluate(adapt(vectors));
    run.writeJson(RunDirectory.RUN, record.finishedNow().withWord2Vec(
        new RunRecord.Word2VecFacts(spec.corpus(), combine, result.vocabulary().size(),
            result.corpusWords(), result.wordsPerSecond(), result.seconds(),
            scores.synonymAuc(), scores.analogyAccuracy(), scores.summary(),
            result.bytesPerRound(spec.workers()), result.exchangeMillisPerRound())));
    console.printf(Locale.ROOT, "%,d words in the vocabulary, %,d corpus words, %,.0f words/s, "
        + "exchange %.1f MB and %.0f ms per round%n%s%nvectors written to %s%n",
        result.vocabulary().size(), result.corpusWords(), result.wordsPerSecond(),
        result.bytesPerRound(spec.workers()) / 1e6, result.exchangeMillisPerRound(),
        scores.summary(), run.displayPath());
    return new Result(run, vectors, scores, result.wordsPerSecond());
  }

  /** A finished pretraining. */
  public record Result(RunDirectory run, WordVectors vectors, EmbeddingScores scores,
      double wordsPerSecond) {}

  /** Rounds on the console, and Spark's tasks while the corpus is counted. */
  private final class ConsoleProgress implements SparkWord2Vec.Progress {
    private TaskProgress counting;

    @Override
    public void onCountingStarted() {
      counting = TaskProgress.attach(sc, console, "counting words");
    }

    @Override
    public void onCountingFinished(Vocabulary vocabulary, double seconds) {
      counting.detach();
      console.printf(Locale.ROOT, "vocabulary: %,d words counted in %.0f s%n", vocabulary.size(),
          seconds);
    }

    @Override
    public void onRound(int epoch, int round, int rounds, long done, long total, float alpha,
        double wordsPerSecond, double seconds) {
      double eta = wordsPerSecond > 0 ? (total - done) / wordsPerSecond : 0;
      console.printf("epoch %d round %d/%d  %5.1f%%  %,.0f words/s  alpha %.5f  ETA %.0fs%n", epoch,
          round, rounds, 100.0 * done / total, wordsPerSecond, alpha, Math.max(0, eta));
    }
  }


  private JavaRDD<String> lines(List<String> corpus) {
    JavaRDD<String> all = null;
    for (String entry : corpus) {
      JavaRDD<String> lines = Word2VecSpec.CORPORA.contains(entry)
          ? Corpus.lines(sc, cache.ensure(entry)) : Corpus.lines(sc, entry);
      all = all == null ? lines : all.union(lines);
    }
    return all;
  }

  /** Both formats through local temporary files, each copied in atomically. */
  private static void write(RunDirectory run, WordVectors vectors) {
    ModelFiles.write(run, TEXT, local -> {
      Word2VecFormat.writeText(vectors, local.toPath());
      return null;
    });
    ModelFiles.write(run, BINARY, local -> {
      Word2VecFormat.writeBinary(vectors, local.toPath());
      return null;
    });
  }

  /** The evaluation's view of the vectors, most frequent word first. */
  static Vectors adapt(WordVectors vectors) {
    return new Vectors() {
      @Override
      public float[] vector(String word) {
        return vectors.vector(word);
      }

      @Override
      public boolean contains(String word) {
        return vectors.contains(word);
      }

      @Override
      public List<String> vocabulary() {
        return vectors.words();
      }
    };
  }
}
