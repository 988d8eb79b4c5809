package io.sparktrain.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Corpus;
import io.sparktrain.spec.OutputSpec;
import io.sparktrain.spec.Word2VecSpec;
import io.sparktrain.train.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word2Vec on Spark against what it claims: one worker averaging once per epoch is the
 * single-machine trainer bit for bit, and two workers averaging both matrices learn the planted
 * structure of a corpus as well as one.
 */
class SparkWord2VecTest {

  private static JavaSparkContext sc;

  @TempDir static Path dir;
  private static Path corpus;

  @BeforeAll
  static void start() throws IOException {
    sc = SparkTestSession.start("SparkWord2VecTest");
    corpus = Files.write(dir.resolve("topics.txt"), topicSentences(3000, 7));
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  @Test
  void oneWorkerOneRoundPerEpochIsTheSingleMachineTrainer() throws IOException {
    Word2VecSpec config = config(1);
    SparkWord2Vec.Result spark = new SparkWord2Vec(sc)
        .train(Corpus.lines(sc, corpus), config, 0, 1, 1, (e, r, n, d, t, a, w, s) -> { });

    List<int[]> sentences = new ArrayList<>();
    for (String line : Files.readAllLines(corpus)) {
      int[] encoded = spark.vocabulary().encode(CorpusText.tokens(line));
      if (encoded.length > 0) {
        sentences.add(encoded);
      }
    }
    Word2VecTrainer trainer = new Word2VecTrainer(config, spark.vocabulary());
    Word2VecWeights local = trainer.initialWeights();
    trainer.fit(sentences, local);

    assertArrayEquals(local.syn0(), spark.weights().syn0(), 0f);
    assertArrayEquals(local.syn1neg(), spark.weights().syn1neg(), 0f);
  }

  @Test
  void twoWorkersAveragingBothMatricesLearnThePlantedTopics() {
    SparkWord2Vec.Result result = new SparkWord2Vec(sc)
        .train(Corpus.lines(sc, corpus), config(1), 0, 2, 4, (e, r, n, d, t, a, w, s) -> { });
    WordVectors vectors = WordVectors.of(result.vocabulary(), result.weights());

    assertEquals(40, vectors.size());
    for (String word : vectors.words()) {
      char topic = word.charAt(0);
      for (WordVectors.Neighbour n : vectors.nearest(word, 5)) {
        assertEquals(topic, n.word().charAt(0), word + "'s neighbours: "
            + vectors.nearest(word, 5));
      }
    }
    assertTrue(result.rawWords() >= 5 * result.corpusWords() * 0.99,
        "every epoch reads the whole corpus: " + result.rawWords());
    assertEquals(5 * 4, result.rounds(), "5 epochs of 4 rounds");
    assertTrue(result.exchangeSeconds() >= 0 && result.exchangeSeconds() < result.seconds(),
        "the exchange is part of the rounds' time: " + result);
    long broadcast = 2L * 4 * 2 * 40 * 24;
    assertTrue(result.bytesPerRound(2) > broadcast
        && result.bytesPerRound(2) <= broadcast + 2L * 4 * 2 * 40 * (24 + 2),
        "two 40 x 24 float matrices to each of 2 workers, at most every row of both back from"
            + " each: " + result.bytesPerRound(2));
  }

  @Test
  void aVocabularyCapKeepsTheExactTopWordsAndReportsTheCounting() throws IOException {
    Map<String, Long> counts = new HashMap<>();
    for (String line : Files.readAllLines(corpus)) {
      for (String token : CorpusText.tokens(line)) {
        counts.merge(token, 1L, Long::sum);
      }
    }
    List<Vocabulary> counted = new ArrayList<>();
    SparkWord2Vec.Progress progress = new SparkWord2Vec.Progress() {
      @Override
      public void onRound(int epoch, int round, int rounds, long done, long total, float alpha,
          double wordsPerSecond, double seconds) {}

      @Override
      public void onCountingFinished(Vocabulary vocabulary, double seconds) {
        counted.add(vocabulary);
      }
    };

    // Read through Hadoop's file system (a file:// URI), as an hdfs:// corpus is.
    SparkWord2Vec.Result result = new SparkWord2Vec(sc).train(
        Corpus.lines(sc, corpus.toUri().toString()), config(1), 12, 2, 1, progress);

    assertEquals(Vocabulary.build(counts, 1, 12, 0).words(), result.vocabulary().words());
    assertEquals(List.of(result.vocabulary()), counted);
  }

  private static Word2VecSpec config(int threads) {
    return new Word2VecSpec("test", List.of(), Word2VecSpec.Architecture.SKIP_GRAM, 24, 3, 5, 1,
        null, 0, 5, 0.025, 1e-4, true, Word2VecSpec.Saturation.UPDATE, threads, 2, 4, Word2VecSpec.Combine.SUM, 3,
        OutputSpec.defaults());
  }

  /** Sentences of 8 words, all from one of two disjoint 20-word topics ("a..." and "b..."). */
  private static List<String> topicSentences(int count, long seed) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      char topic = random.nextBoolean() ? 'a' : 'b';
      StringBuilder line = new StringBuilder();
      for (int w = 0; w < 8; w++) {
        line.append(topic).append("word").append((char) ('a' + random.nextInt(20))).append(' ');
      }
      lines.add(line.toString().strip());
    }
    return lines;
  }
}
