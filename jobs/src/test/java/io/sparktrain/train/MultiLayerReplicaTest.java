package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparktrain.data.Example;
import io.sparktrain.train.fused.FusedStep;
import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.replica.StateDigest;
import io.sparktrain.train.replica.StepTally;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/** A replica stepping with the fused step trains as one stepping with DL4J's {@code fit()}. */
class MultiLayerReplicaTest {

  private final List<Example> data = SyntheticData.blobs(45, 11);

  @Test
  void fusedStepsTrainAsFitDoesOverAShortLastBatch() {
    assumeTrue(FusedStep.AVAILABLE, "the JVM runs without --add-modules jdk.incubator.vector");
    // DL4J's forward and backward in both: its dropout masks are what is compared here.
    MultiLayerReplica fit = replica(false, false, 0.2);
    MultiLayerReplica fused = replica(true, false, 0.2);
    assertFalse(fit.stepsFused());
    assertTrue(fused.stepsFused());
    int[] order = Shard.of(data.iterator(), SyntheticData.CLASSES).order(3, true);
    // One generator per thread: seed each run just before it, so both draw the same masks.
    fit.seedRandom(5);
    StepTally expected = fit.trainSteps(order, 0, 10, 8);
    fused.seedRandom(5);
    StepTally actual = fused.trainSteps(order, 0, 10, 8);
    assertEquals(6, actual.steps());
    assertEquals(expected.examples(), actual.examples());
    assertEquals(expected.lossSum(), actual.lossSum(), 1e-5 * expected.lossSum());
    GlobalState a = fit.capture();
    GlobalState b = fused.capture();
    assertEquals(a.iteration(), b.iteration());
    assertArrayEquals(a.params(), b.params(), 1e-5f);
    assertArrayEquals(a.updaterState(), b.updaterState(), 1e-5f);
  }

  @Test
  void ownForwardBackwardTrainsAsFitDoesWithoutDropout() {
    assumeTrue(FusedStep.AVAILABLE, "the JVM runs without --add-modules jdk.incubator.vector");
    MultiLayerReplica fit = replica(false, false, 0);
    MultiLayerReplica own = replica(true, true, 0);
    assertTrue(own.ownsForwardBackward());
    int[] order = Shard.of(data.iterator(), SyntheticData.CLASSES).order(3, true);
    StepTally expected = fit.trainSteps(order, 0, 10, 8);
    StepTally actual = own.trainSteps(order, 0, 10, 8);
    assertEquals(expected.lossSum(), actual.lossSum(), 1e-5 * expected.lossSum());
    assertArrayEquals(fit.capture().params(), own.capture().params(), 1e-5f);
    assertArrayEquals(fit.capture().updaterState(), own.capture().updaterState(), 1e-5f);
  }

  /**
   * The digest a task compares to skip loading the broadcast: the replica's views after a step
   * digest as the state the driver captures from it, and another step, or another iteration
   * count, changes it.
   */
  @Test
  void aReplicaDigestsItsStateAsTheDriverDigestsTheCapturedState() {
    MultiLayerReplica replica = replica(true, false, 0);
    int[] order = Shard.of(data.iterator(), SyntheticData.CLASSES).order(3, true);
    replica.trainSteps(order, 0, 2, 8);
    GlobalState captured = replica.capture();
    long held = StateDigest.of(replica.stateViews(), captured.iteration());
    assertEquals(StateDigest.of(captured), held);
    assertNotEquals(held, StateDigest.of(replica.stateViews(), captured.iteration() + 1));
    replica.trainSteps(order, 16, 1, 8);
    assertNotEquals(held, StateDigest.of(replica.stateViews(), captured.iteration()));
    replica.load(captured, 1);
    assertEquals(held, StateDigest.of(replica.stateViews(), captured.iteration()));
  }

  @Test
  void aReusedBatchHoldsWhatAFreshBatchHolds() {
    Shard shard = Shard.of(data.iterator(), SyntheticData.CLASSES);
    int[] order = shard.order(9, true);
    int[][] ranges = {{0, 8}, {8, 16}, {40, 45}, {16, 24}};
    for (int[] range : ranges) {
      DataSet fresh = shard.batch(order, range[0], range[1]);
      DataSet reused = shard.reusedBatch(order, range[0], range[1]);
      assertEquals(fresh.getFeatures(), reused.getFeatures(), "features " + range[0]);
      assertEquals(fresh.getLabels(), reused.getLabels(), "labels " + range[0]);
    }
  }

  private MultiLayerReplica replica(boolean fusedStep, boolean ownForwardBackward,
      double dropout) {
    MultiLayerNetwork initial = SyntheticData.network(new Adam(0.01), 3, dropout);
    return MultiLayerReplica.build(initial.getLayerWiseConfigurations().toJson(),
        initial.params().toFloatVector(),
        Shard.of(data.iterator(), SyntheticData.CLASSES), List.of(), fusedStep,
        ownForwardBackward);
  }
}
