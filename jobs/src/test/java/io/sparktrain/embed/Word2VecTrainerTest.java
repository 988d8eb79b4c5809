package io.sparktrain.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.Word2VecSpec.Architecture;
import io.sparktrain.embed.WordVectors.Neighbour;
import io.sparktrain.spec.Word2VecSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Word2VecTrainerTest {

  /** Two topics of 20 words, 3,000 sentences of 10 words: about 750 occurrences per word. */
  private static final SyntheticCorpus TOPICS =
      SyntheticCorpus.topics(2, 20, 3_000, 10, Vocabulary.DEFAULT_SAMPLE, 11);

  private static Word2VecSpec config(Architecture architecture, int threads) {
    return Word2VecSpec.defaults(architecture).withDim(24).withEpochs(5).withThreads(threads)
        .withSeed(42);
  }

  private static Word2VecWeights fit(Word2VecSpec config, SyntheticCorpus corpus) {
    Word2VecTrainer trainer = new Word2VecTrainer(config, corpus.vocabulary);
    Word2VecWeights weights = trainer.initialWeights();
    trainer.fit(corpus.encoded, weights);
    return weights;
  }

  private static void assertNeighboursShareTheirTopic(Word2VecSpec config) {
    WordVectors vectors = WordVectors.of(TOPICS.vocabulary, fit(config, TOPICS));
    for (String word : vectors.words()) {
      List<Neighbour> nearest = vectors.nearest(word, 5);
      for (Neighbour n : nearest) {
        assertEquals(SyntheticCorpus.topicOf(word), SyntheticCorpus.topicOf(n.word()),
            word + "'s neighbours " + nearest);
      }
    }
  }

  @Test
  void skipGramPlacesEveryWordNearItsOwnTopic() {
    assertNeighboursShareTheirTopic(config(Architecture.SKIP_GRAM, 2));
  }

  @Test
  void cbowPlacesEveryWordNearItsOwnTopic() {
    assertNeighboursShareTheirTopic(config(Architecture.CBOW, 2));
  }

  @Test
  void oneThreadWithTheSameSeedIsBitIdentical() {
    for (Architecture a : Architecture.values()) {
      Word2VecWeights first = fit(config(a, 1), TOPICS);
      Word2VecWeights second = fit(config(a, 1), TOPICS);
      assertArrayEquals(first.syn0(), second.syn0(), a.name());
      assertArrayEquals(first.syn1neg(), second.syn1neg(), a.name());
      Word2VecWeights otherSeed = fit(config(a, 1).withSeed(43), TOPICS);
      assertFalse(Arrays.equals(first.syn0(), otherSeed.syn0()), a.name());
    }
  }

  /** Three equally common words, all kept, in 30 sentences "a b c". */
  private static final Vocabulary ABC =
      Vocabulary.build(Map.of("a", 10L, "b", 10L, "c", 10L), 1, 0, 0);
  private static final List<int[]> ABC_SENTENCES =
      Collections.nCopies(30, new int[] {0, 1, 2});

  /** Every input row 1 and every output row {@code out}, so every pair scores 4 · out. */
  private static Word2VecWeights uniform(float out) {
    float[] syn0 = new float[3 * 4];
    float[] syn1neg = new float[3 * 4];
    Arrays.fill(syn0, 1f);
    Arrays.fill(syn1neg, out);
    return new Word2VecWeights(4, syn0, syn1neg);
  }

  private static Word2VecWeights fitAbc(Word2VecSpec.Saturation saturation, float out) {
    Word2VecSpec config = Word2VecSpec.defaults().withDim(4).withEpochs(1).withThreads(1)
        .withSample(0).withSaturation(saturation);
    Word2VecWeights weights = uniform(out);
    new Word2VecTrainer(config, ABC).fit(ABC_SENTENCES, weights);
    return weights;
  }

  @Test
  void skippingSaturatedPairsLeavesConfidentlyWrongNegativesAlone() {
    // Every pair scores 8, beyond the table: the observed word is right (no step under either
    // rule), every negative sample confidently wrong. word2vec.c pushes those apart...
    Word2VecWeights updated = fitAbc(Word2VecSpec.Saturation.UPDATE, 2f);
    assertFalse(Arrays.equals(uniform(2f).syn1neg(), updated.syn1neg()));
    assertFalse(Arrays.equals(uniform(2f).syn0(), updated.syn0()));
    for (float w : updated.syn1neg()) {
      assertTrue(w <= 2f, "a negative step only lowers output weights here: " + w);
    }
    // ...gensim does not, so nothing moves at all.
    Word2VecWeights skipped = fitAbc(Word2VecSpec.Saturation.SKIP, 2f);
    assertArrayEquals(uniform(2f).syn0(), skipped.syn0());
    assertArrayEquals(uniform(2f).syn1neg(), skipped.syn1neg());
    // Inside the table's range the two rules train bit for bit alike.
    assertArrayEquals(fitAbc(Word2VecSpec.Saturation.UPDATE, 0.1f).syn0(),
        fitAbc(Word2VecSpec.Saturation.SKIP, 0.1f).syn0());
  }

  @Test
  void aFixedWindowAlwaysReachesTheWholeWindow() {
    Word2VecSpec shrinking = Word2VecSpec.defaults().withDim(4);
    SentenceWorker fixed = new SentenceWorker(shrinking.withShrinkWindow(false), ABC,
        uniform(0f), 7);
    SentenceWorker shrinks = new SentenceWorker(shrinking, ABC, uniform(0f), 7);
    int[] seen = new int[shrinking.window() + 1];
    for (int i = 0; i < 1_000; i++) {
      assertEquals(shrinking.window(), fixed.reach());
      seen[shrinks.reach()]++;
    }
    assertEquals(0, seen[0]);
    for (int reach = 1; reach <= shrinking.window(); reach++) {
      // Uniform in [1, 5]: 200 expected of each; 120 is over 5 standard deviations away.
      assertTrue(seen[reach] > 120, "reach " + reach + " drawn " + seen[reach] + " times");
    }
  }

  @Test
  void roundsResumedFromTheirPositionEqualOneRun() {
    Word2VecSpec config = config(Architecture.SKIP_GRAM, 1).withEpochs(2);
    Word2VecWeights whole = fit(config, TOPICS);

    Word2VecTrainer trainer = new Word2VecTrainer(config, TOPICS.vocabulary);
    Word2VecWeights rounds = trainer.initialWeights();
    RunPosition position = RunPosition.start(2 * TOPICS.vocabulary.totalCount());
    for (int epoch = 0; epoch < 2; epoch++) {
      TrainingResult r = trainer.train(TOPICS.encoded, rounds, position);
      position = position.next(r.rawWords());
    }
    assertArrayEquals(whole.syn0(), rounds.syn0());
    assertArrayEquals(whole.syn1neg(), rounds.syn1neg());
  }

  @Test
  void countsWordsBeforeAndAfterSubsamplingAndDecaysToMinAlpha() {
    Word2VecSpec config = config(Architecture.SKIP_GRAM, 2);
    Word2VecTrainer trainer = new Word2VecTrainer(config, TOPICS.vocabulary);
    TrainingResult r = trainer.fit(TOPICS.encoded, trainer.initialWeights());
    long corpus = TOPICS.vocabulary.totalCount();
    assertEquals(5 * corpus, r.rawWords());
    // Each word is 1/40 of the corpus, so about a quarter of its occurrences survive 1e-3.
    double kept = r.trainedWords() / (double) r.rawWords();
    assertEquals(TOPICS.vocabulary.keepProbability(0), kept, 0.02);
    // The last piece starts just short of the end of the run.
    assertTrue(r.lastAlpha() < 0.001, "last alpha " + r.lastAlpha());
    assertTrue(r.wordsPerSecond() > 0);
  }

  @Test
  void learningRateFallsLinearlyOverTheRun() {
    Word2VecSpec config = config(Architecture.SKIP_GRAM, 1);
    assertEquals(0.025f, RunPosition.alpha(config, 0, 1000));
    assertEquals((float) (0.025 - (0.025 - 1e-4) / 2), RunPosition.alpha(config, 500, 1000));
    assertEquals(1e-4f, RunPosition.alpha(config, 1000, 1000));
    assertEquals(1e-4f, RunPosition.alpha(config, 5000, 1000));
  }

  @Test
  void slicesBalanceWordsNotSentences() {
    List<int[]> sentences = List.of(new int[90], new int[5], new int[5], new int[50],
        new int[50]);
    assertArrayEquals(new int[] {0, 3, 5}, Word2VecTrainer.slices(sentences, 2));
    assertArrayEquals(new int[] {0, 1, 4, 5}, Word2VecTrainer.slices(sentences, 3));
    assertArrayEquals(new int[] {0, 5}, Word2VecTrainer.slices(sentences, 1));
    assertArrayEquals(new int[] {0, 1}, Word2VecTrainer.slices(List.of(new int[3]), 4));
    assertArrayEquals(new int[] {0, 0}, Word2VecTrainer.slices(List.of(), 2));
  }

  @Test
  void rejectsIndicesOutsideTheVocabularyAndMismatchedWeights() {
    Word2VecSpec config = config(Architecture.SKIP_GRAM, 1);
    Word2VecTrainer trainer = new Word2VecTrainer(config, TOPICS.vocabulary);
    Word2VecWeights weights = trainer.initialWeights();
    RunPosition start = RunPosition.start(100);
    assertThrows(IllegalArgumentException.class,
        () -> trainer.train(List.of(new int[] {0, 40}), weights, start));
    assertThrows(IllegalArgumentException.class,
        () -> trainer.train(TOPICS.encoded, Word2VecWeights.initial(40, 8, 1), start));
    assertThrows(IllegalArgumentException.class,
        () -> new Word2VecTrainer(config.withSample(0), TOPICS.vocabulary));
    // A failure on a worker thread reaches the caller as itself.
    Word2VecTrainer twoThreads = new Word2VecTrainer(config.withThreads(2), TOPICS.vocabulary);
    assertThrows(IllegalArgumentException.class, () -> twoThreads.train(
        List.of(new int[] {0, 1, 2}, new int[] {3, -1, 4}), weights, start));
  }

  @Test
  void initialWeightsAreSmallUniformInputsAndZeroOutputs() {
    Word2VecWeights w = Word2VecWeights.initial(50, 10, 5);
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float x : w.syn0()) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    assertTrue(min >= -0.05f && min < -0.045f, "min " + min);
    assertTrue(max < 0.05f && max > 0.045f, "max " + max);
    assertArrayEquals(new float[500], w.syn1neg());
  }
}
