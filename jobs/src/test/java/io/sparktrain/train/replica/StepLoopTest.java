package io.sparktrain.train.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparktrain.data.Example;
import io.sparktrain.spec.DescentSpec.LastBatch;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * The step loop every replica shares, on a replica with no network behind it: a step's loss is
 * the batch's first position, so the tallies can be worked out by hand.
 */
class StepLoopTest {

  private final RecordingReplica replica = new RecordingReplica();
  private final int[] order = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};

  @Test
  void takesAtMostTheGivenStepsFromTheGivenPosition() {
    StepTally tally = replica.trainSteps(order, 2, 2, 3);

    assertEquals(List.of("2-5", "5-8"), replica.batches);
    assertEquals(6, tally.examples());
    assertEquals(2 * 3 + 5 * 3, tally.lossSum());
    assertEquals(2, tally.steps());
    assertEquals(8, tally.next());
  }

  @Test
  void theLastBatchIsShortAndTheLoopStopsAtTheEndOfTheShard() {
    StepTally tally = replica.trainSteps(order, 5, 10, 3);

    assertEquals(List.of("5-8", "8-10"), replica.batches);
    assertArrayEquals(new long[] {5, 2, 10}, new long[] {tally.examples(), tally.steps(),
        tally.next()});
    assertEquals(5 * 3 + 8 * 2, tally.lossSum());
  }

  @Test
  void aRoundPastTheEndOfTheShardTrainsNothing() {
    StepTally tally = replica.trainSteps(order, 10, 5, 3);

    assertEquals(List.of(), replica.batches);
    assertEquals(new StepTally(0, 0, 0, 10), tally);
  }

  @Test
  void droppedLastBatchIsNotTrained() {
    StepTally tally = replica.trainSteps(order, 5, 10, 3, LastBatch.DROP);

    assertEquals(List.of("5-8"), replica.batches);
    assertArrayEquals(new long[] {3, 1, 10}, new long[] {tally.examples(), tally.steps(),
        tally.next()});
  }

  @Test
  void shardSmallerThanABatchStillTakesItsStepWhenDropping() {
    StepTally tally = replica.trainSteps(new int[] {4, 2}, 0, 3, 3, LastBatch.DROP);

    assertEquals(List.of("0-2"), replica.batches);
    assertEquals(2, tally.examples());
  }

  @Test
  void paddedLastBatchIsFilledFromTheStartOfTheOrder() {
    StepTally tally = replica.trainSteps(order, 5, 10, 4, LastBatch.PAD);

    assertEquals(List.of("5-9", "0-4"), replica.batches);
    assertArrayEquals(new int[] {0, 9, 8, 7}, replica.lastOrder);
    assertArrayEquals(new long[] {8, 2, 10}, new long[] {tally.examples(), tally.steps(),
        tally.next()});
  }

  /** Records its steps; the state methods are not what this test is about. */
  private static final class RecordingReplica implements Replica {
    final List<String> batches = new ArrayList<>();
    int[] lastOrder;

    @Override
    public double step(int[] order, int from, int to) {
      batches.add(from + "-" + to);
      lastOrder = java.util.Arrays.copyOfRange(order, from, to);
      return (double) from * (to - from);
    }

    @Override
    public int shardSize() {
      return 10;
    }

    @Override
    public void load(GlobalState state, int epoch) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void resume(int epoch, double rateScale) {
      throw new UnsupportedOperationException();
    }

    @Override
    public GlobalState capture() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setParameters(float[] all) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int stateLength() {
      return 0;
    }

    @Override
    public FloatBuffer[] stateViews() {
      return null;
    }

    @Override
    public void writeState(float[] to) {}

    @Override
    public void readState(float[] from) {}

    @Override
    public void setIteration(long iteration) {}

    @Override
    public void seedRandom(long seed) {}

    @Override
    public EvalTally evaluate(Iterator<Example> examples, int batchSize, Evaluation classes) {
      throw new UnsupportedOperationException();
    }
  }
}
