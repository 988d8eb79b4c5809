package io.sparktrain.train.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.spec.DescentSpec.LastBatch;
import io.sparktrain.spec.TrainingException;
import org.junit.jupiter.api.Test;

/** The one division of an epoch into rounds that every engine follows. */
class EpochPlanTest {

  @Test
  void theLargestShardDecidesTheStepsAndTheLastRoundIsShort() {
    // Shards of 101 and 102 examples at 8 a step: 13 steps; every 5 steps: rounds of 5, 5, 3.
    int maxSteps = EpochPlan.maxSteps(new long[] {101, 102}, 8);
    EpochPlan plan = new EpochPlan(2, 5, maxSteps, 8, 42, true);

    assertEquals(13, maxSteps);
    assertEquals(3, plan.rounds());
    assertEquals(5, plan.stepsIn(0));
    assertEquals(3, plan.stepsIn(2));
    assertEquals(80, plan.firstExample(2));
  }

  @Test
  void roundsOfAnEvenSplitEqualExamplesOverWorkersBatchAndFrequency() {
    // What DL4J's engine counts: ceil(count / (workers * batch * k)), here 1001 / 160.
    int maxSteps = EpochPlan.maxSteps(new long[] {(1001 + 1) / 2}, 16);
    assertEquals(7, new EpochPlan(0, 5, maxSteps, 16, 1, false).rounds());
  }

  @Test
  void anEmptyTrainingSplitIsATrainingError() {
    TrainingException e = assertThrows(TrainingException.class,
        () -> EpochPlan.maxSteps(new long[] {0, 0}, 8));
    assertEquals("the training split is empty: nothing to train on", e.getMessage());
  }

  @Test
  void droppingTheShortLastBatchTakesWholeBatchesOnly() {
    long[] shards = {50, 47};

    assertEquals(5, EpochPlan.maxSteps(shards, 10, LastBatch.KEEP));
    assertEquals(5, EpochPlan.maxSteps(shards, 10, LastBatch.DROP));
    assertEquals(4, EpochPlan.maxSteps(shards, 12, LastBatch.DROP));
    assertEquals(5, EpochPlan.maxSteps(shards, 12, LastBatch.PAD));
    assertEquals(1, EpochPlan.maxSteps(new long[] {3, 2}, 8, LastBatch.DROP));
  }
}
