package io.sparktrain.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.Word2VecSpec;
import io.sparktrain.spec.Word2VecSpec.Combine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two rules for combining workers' replicas, on 3 words of 2 dimensions; and the exchange of
 * changed rows against the dense combine of whole matrices, on real training rounds.
 */
class WeightSumTest {

  private static final Word2VecWeights START = new Word2VecWeights(2,
      new float[] {0, 0, 1, 1, 2, 2}, new float[] {0, 0, 0, 0, 0, 0});

  // Worker A changed word 0 (+1) and word 1 (+2); worker B, with three times the words, word 1
  // (+4) only. Output weights: A moved row 2 by +1, B row 2 by +3.
  private static final Word2VecWeights A = new Word2VecWeights(2,
      new float[] {1, 1, 3, 3, 2, 2}, new float[] {0, 0, 0, 0, 1, 1});
  private static final Word2VecWeights B = new Word2VecWeights(2,
      new float[] {0, 0, 5, 5, 2, 2}, new float[] {0, 0, 0, 0, 3, 3});

  @Test
  void sumAddsEveryWorkersChangeToTheStart() {
    Word2VecWeights next = combine(Combine.SUM);

    assertArrayEquals(new float[] {1, 1, 7, 7, 2, 2}, next.syn0(), 1e-6f);
    assertArrayEquals(new float[] {0, 0, 0, 0, 4, 4}, next.syn1neg(), 1e-6f);
  }

  @Test
  void averageWeighsTheWorkersThatChangedEachRowByTheirWords() {
    Word2VecWeights next = combine(Combine.AVERAGE);

    // Word 0: only A changed it, so A's value; word 1: (1 * 3 + 3 * 5) / 4; word 2: untouched.
    assertArrayEquals(new float[] {1, 1, 4.5f, 4.5f, 2, 2}, next.syn0(), 1e-6f);
    assertArrayEquals(new float[] {0, 0, 0, 0, 2.5f, 2.5f}, next.syn1neg(), 1e-6f);
  }

  @Test
  void oneWorkerIsItsOwnResultExactly() {
    for (Combine rule : Combine.values()) {
      Word2VecWeights one = WeightSum.empty(rule).add(START, A, words(10)).average(START);
      assertArrayEquals(A.syn0(), one.syn0(), 0f, rule.name());
      assertArrayEquals(A.syn1neg(), one.syn1neg(), 0f, rule.name());
    }
  }

  @Test
  void workersSendOnlyTheRowsTheyChanged() {
    WeightSum a = WeightSum.empty(Combine.SUM).add(START, A, words(100));
    WeightSum b = WeightSum.empty(Combine.SUM).add(START, B, words(300));

    // A: syn0 rows 0 and 1, syn1neg row 2; B: syn0 row 1, syn1neg row 2. A row is an index, a
    // weight and 2 values, 4 bytes each.
    assertEquals(3 * 16, a.workerBytes());
    assertEquals(2 * 16, b.workerBytes());
    assertEquals(5 * 16, a.merge(b, START).workerBytes());
  }

  /**
   * Three workers train disjoint slices of a 2,000-word corpus from the same start, so each
   * changes only part of either matrix; sending their changed rows and combining those, in a
   * chain and in a tree, gives bit for bit the dense combine of their whole matrices.
   */
  @Test
  void changedRowsCombineExactlyAsTheWholeMatrices() {
    SyntheticCorpus corpus = SyntheticCorpus.topics(4, 500, 600, 10, 0, 5);
    Word2VecSpec config = Word2VecSpec.defaults().withDim(16).withSample(0).withEpochs(1);
    Word2VecTrainer trainer = new Word2VecTrainer(config, corpus.vocabulary);
    Word2VecWeights start = trainer.initialWeights();
    trainer.fit(corpus.encoded.subList(0, 300), start);
    List<Word2VecWeights> after = new ArrayList<>();
    List<TrainingResult> results = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      Word2VecWeights own = start.copy();
      results.add(trainer.train(corpus.encoded.subList(300 + 20 * w, 320 + 20 * w), own,
          new RunPosition(1_000, 30_000, 1, w, 3)));
      after.add(own);
    }
    for (Combine rule : Combine.values()) {
      WeightSum[] sparse = new WeightSum[3];
      DenseWeightSum[] dense = new DenseWeightSum[3];
      for (int w = 0; w < 3; w++) {
        sparse[w] = WeightSum.empty(rule).add(start, after.get(w), results.get(w));
        dense[w] = DenseWeightSum.empty(16, rule).add(start, after.get(w), results.get(w));
      }
      long denseBytes = 3L * 2 * 4 * start.syn0().length;
      WeightSum chain = sparse[0].merge(sparse[1], start).merge(sparse[2], start);
      assertTrue(chain.workerBytes() < denseBytes * 0.9,
          "the slices leave rows unchanged: " + chain.workerBytes() + " of " + denseBytes);
      assertSameWeights(dense[0].merge(dense[1]).merge(dense[2]).average(start),
          chain.average(start), rule + ", chained");
    }
    for (Combine rule : Combine.values()) {
      WeightSum tree = WeightSum.empty(rule).add(start, after.get(0), results.get(0)).merge(
          WeightSum.empty(rule).add(start, after.get(1), results.get(1))
              .merge(WeightSum.empty(rule).add(start, after.get(2), results.get(2)), start),
          start);
      DenseWeightSum denseTree = DenseWeightSum.empty(16, rule)
          .add(start, after.get(0), results.get(0)).merge(DenseWeightSum.empty(16, rule)
              .add(start, after.get(1), results.get(1)).merge(DenseWeightSum.empty(16, rule)
                  .add(start, after.get(2), results.get(2))));
      assertSameWeights(denseTree.average(start), tree.average(start), rule + ", as a tree");
    }
  }

  private static void assertSameWeights(Word2VecWeights expected, Word2VecWeights actual,
      String what) {
    assertArrayEquals(expected.syn0(), actual.syn0(), 0f, what + ": syn0");
    assertArrayEquals(expected.syn1neg(), actual.syn1neg(), 0f, what + ": syn1neg");
  }

  private static Word2VecWeights combine(Combine rule) {
    WeightSum a = WeightSum.empty(rule).add(START, A, words(100));
    WeightSum b = WeightSum.empty(rule).add(START, B, words(300));
    return a.merge(b, START).average(START);
  }

  private static TrainingResult words(long n) {
    return new TrainingResult(n, n, 0.01f, 1);
  }
}
