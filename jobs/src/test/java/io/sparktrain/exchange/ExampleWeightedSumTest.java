package io.sparktrain.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The averaging rule's arithmetic on hand-computed numbers. Values are small integers and powers
 * of two, so every float sum here is exact and the expected results can be written down.
 */
class ExampleWeightedSumTest {

  @Test
  void averagesWeightedByExamples() {
    // Replica a trained on 1 example, b on 3: the mean is (1 * a + 3 * b) / 4.
    ExampleWeightedSum sum = ExampleWeightedSum.empty()
        .add(new float[] {4, 0, -8}, 1, 0.5, 2)
        .add(new float[] {8, 4, 0}, 3, 1.5, 3);

    assertArrayEquals(new float[] {7, 3, -2}, sum.average(0, 3));
    assertArrayEquals(new float[] {3, -2}, sum.average(1, 3), "a range of the state");
    assertEquals(4, sum.examples());
    assertEquals(2.0, sum.lossSum());
    assertEquals(0.5, sum.meanLoss());
    assertEquals(3, sum.maxSteps());
  }

  @Test
  void aReplicaWithoutExamplesAddsNothing() {
    ExampleWeightedSum sum = ExampleWeightedSum.empty().add(new float[] {2, 2}, 2, 1.0, 1);

    sum.add(new float[] {1000, 1000}, 0, 99.0, 5);
    sum.merge(ExampleWeightedSum.empty().add(new float[] {1000, 1000}, 0, 99.0, 5));

    assertArrayEquals(new float[] {2, 2}, sum.average(0, 2));
    assertEquals(2, sum.examples());
    assertEquals(1.0, sum.lossSum());
    assertEquals(1, sum.maxSteps(), "steps of a replica without examples are not counted");
    assertEquals(0, ExampleWeightedSum.empty().add(new float[] {1}, 0, 1.0, 1).length());
  }

  @Test
  void mergeIsAssociativeAndMatchesAddingEverythingToOneSum() {
    float[][] states = {{1, 2, 3}, {4, 8, -16}, {0.5f, 0.25f, 2}};
    long[] examples = {2, 4, 2};

    ExampleWeightedSum left = part(states, examples, 0).merge(part(states, examples, 1))
        .merge(part(states, examples, 2));
    ExampleWeightedSum right = part(states, examples, 0)
        .merge(part(states, examples, 1).merge(part(states, examples, 2)));
    ExampleWeightedSum folded = ExampleWeightedSum.empty();
    for (int r = 0; r < states.length; r++) {
      folded.add(states[r], examples[r], r, r + 1);
    }

    assertArrayEquals(new float[] {19f / 8, 36.5f / 8, -54f / 8}, folded.average(0, 3),
        "(2 * 1 + 4 * 4 + 2 * 0.5) / 8, ...");
    assertArrayEquals(folded.average(0, 3), left.average(0, 3));
    assertArrayEquals(folded.average(0, 3), right.average(0, 3));
    assertEquals(folded.examples(), right.examples());
    assertEquals(folded.lossSum(), left.lossSum());
    assertEquals(3, right.maxSteps());
  }

  @Test
  void mergingIntoAnEmptySumTakesTheOther() {
    ExampleWeightedSum other = ExampleWeightedSum.empty().add(new float[] {1}, 1, 0, 1);
    assertSame(other, ExampleWeightedSum.empty().merge(other));
  }

  @Test
  void replicasOfDifferentSizesAreRejected() {
    ExampleWeightedSum sum = ExampleWeightedSum.empty().add(new float[] {1, 2}, 1, 0, 1);

    IllegalArgumentException added = assertThrows(IllegalArgumentException.class,
        () -> sum.add(new float[] {1, 2, 3}, 1, 0, 1));
    IllegalArgumentException merged = assertThrows(IllegalArgumentException.class,
        () -> sum.merge(ExampleWeightedSum.empty().add(new float[] {1}, 1, 0, 1)));

    assertTrue(added.getMessage().contains("2 vs 3"), added.getMessage());
    assertTrue(merged.getMessage().contains("2 vs 1"), merged.getMessage());
  }

  @Test
  void averagingNothingIsAnError() {
    assertThrows(IllegalStateException.class, () -> ExampleWeightedSum.empty().average(0, 0));
  }

  @Test
  void theInPlaceFormGivesTheSameBitsAsTheObjectForm() {
    float[][] states = {{0.1f, -3.7f, 12.25f}, {2.9f, 0.003f, -1f}};
    long[] examples = {3, 7};
    ExampleWeightedSum sum = ExampleWeightedSum.empty();
    float[] transported = new float[3];
    for (int r = 0; r < states.length; r++) {
      sum.add(states[r], examples[r], 0, 1);
      float[] weighed = states[r].clone();
      ExampleWeightedSum.weigh(weighed, 3, examples[r]);
      for (int i = 0; i < 3; i++) {
        transported[i] += weighed[i];
      }
    }
    ExampleWeightedSum.divide(transported, 3, 10f);

    assertArrayEquals(sum.average(0, 3), transported);
  }

  @Test
  void theShareFormAveragesChunkByChunk() {
    float[] shares = new float[2];
    double total = ExampleWeightedSum.shares(new double[] {1, 3}, shares);
    float[] mean = new float[3];
    ExampleWeightedSum.addShare(mean, new float[] {4, 0, -8, 99}, 3, shares[0], true);
    ExampleWeightedSum.addShare(mean, new float[] {8, 4, 0, 99}, 3, shares[1], false);

    assertEquals(4.0, total);
    assertArrayEquals(new float[] {0.25f, 0.75f}, shares);
    assertArrayEquals(new float[] {7, 3, -2}, mean, "only the chunk's first n values count");
  }

  private static ExampleWeightedSum part(float[][] states, long[] examples, int r) {
    return ExampleWeightedSum.empty().add(states[r], examples[r], r, r + 1);
  }
}
