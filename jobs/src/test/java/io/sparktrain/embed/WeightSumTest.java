package io.sparktrain.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparktrain.spec.Word2VecSpec;
import org.junit.jupiter.api.Test;

/** The two rules for combining workers' replicas, on 3 words of 2 dimensions. */
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
    Word2VecWeights next = combine(Word2VecSpec.Combine.SUM);

    assertArrayEquals(new float[] {1, 1, 7, 7, 2, 2}, next.syn0(), 1e-6f);
    assertArrayEquals(new float[] {0, 0, 0, 0, 4, 4}, next.syn1neg(), 1e-6f);
  }

  @Test
  void averageWeighsTheWorkersThatChangedEachRowByTheirWords() {
    Word2VecWeights next = combine(Word2VecSpec.Combine.AVERAGE);

    // Word 0: only A changed it, so A's value; word 1: (1 * 3 + 3 * 5) / 4; word 2: untouched.
    assertArrayEquals(new float[] {1, 1, 4.5f, 4.5f, 2, 2}, next.syn0(), 1e-6f);
    assertArrayEquals(new float[] {0, 0, 0, 0, 2.5f, 2.5f}, next.syn1neg(), 1e-6f);
  }

  @Test
  void oneWorkerIsItsOwnResultExactly() {
    for (Word2VecSpec.Combine rule : Word2VecSpec.Combine.values()) {
      WeightSum one = WeightSum.empty(2, rule).add(START, A, words(10));
      assertSame(A, one.average(START), rule.name());
    }
  }

  private static Word2VecWeights combine(Word2VecSpec.Combine rule) {
    WeightSum a = WeightSum.empty(2, rule).add(START, A, words(100));
    WeightSum b = WeightSum.empty(2, rule).add(START, B, words(300));
    return a.merge(b).average(START);
  }

  private static TrainingResult words(long n) {
    return new TrainingResult(n, n, 0.01f, 1);
  }
}
