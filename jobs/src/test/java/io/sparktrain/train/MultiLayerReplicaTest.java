package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparktrain.data.Example;
import io.sparktrain.model.InputShape;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.transfer.NetworkSurgery;
import io.sparktrain.train.fused.FusedStep;
import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.replica.Replica;
import io.sparktrain.train.replica.StateDigest;
import io.sparktrain.train.replica.StepTally;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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

  /**
   * A replica that moves its state into other memory (its slot of a shared file) goes on training
   * with the bits of a twin that stays, Adam's moments, counts and rate scale carried over; its
   * state then lies in that memory where the parts say, and a write there is the network's.
   */
  @Test
  void aReplicaLodgedInOtherMemoryTrainsWithTheBitsOfATwinThatStays() {
    assertLodgedTwinTrainsAlike(replica(true, true, 0), replica(true, true, 0));
  }

  /**
   * The same for a transferred network with a frozen layer: it lodges every parameter, and its
   * parts, the state that is averaged, leave the frozen layer's out.
   */
  @Test
  void aLodgedTransferredNetworkKeepsItsFrozenLayerOutOfTheParts() {
    MultiLayerNetwork source = SyntheticData.network(new Adam(0.01), 3);
    ModelSpec head = ModelSpec.of(List.of(LayerSpec.dense(8), LayerSpec.output(3)));
    MultiLayerNetwork frozen = NetworkSurgery.transfer(source, 0, true, head, new Adam(0.01), 3,
        InputShape.flat(SyntheticData.FEATURES));
    MultiLayerReplica stays = replica(frozen);
    MultiLayerReplica moves = replica(frozen);
    long frozenCount = source.getLayer(0).numParams();
    assertEquals(moves.stateLength() + frozenCount, moves.lodgingLength());
    int[] parts = assertLodgedTwinTrainsAlike(stays, moves);
    assertEquals(frozenCount, parts[0], "the first part starts after the frozen layer");
  }

  private int[] assertLodgedTwinTrainsAlike(MultiLayerReplica stays, MultiLayerReplica moves) {
    int[] order = Shard.of(data.iterator(), SyntheticData.CLASSES).order(3, true);
    Lodged lodged = assertLodgedTwinTrainsAlike(stays, moves, order, 0.5);
    lodged.home().put(lodged.parts()[0], 123f);
    assertEquals(123f, moves.capture().params()[0], "a write there is the network's");
    return lodged.parts();
  }

  /** Where a replica moved its state to, and where in there its state lies. */
  record Lodged(FloatBuffer home, int[] parts) {}

  /**
   * Two replicas built alike step twice and take a rate scale; one then moves its state into
   * other memory, both step on, the moved one with the bits of the one that stayed, and its state
   * then lies in that memory where the parts say.
   */
  static Lodged assertLodgedTwinTrainsAlike(Replica stays, Replica moves, int[] order,
      double rateScale) {
    stays.trainSteps(order, 0, 2, 8);
    moves.trainSteps(order, 0, 2, 8);
    stays.resume(1, rateScale);
    moves.resume(1, rateScale);
    FloatBuffer home = ByteBuffer.allocateDirect((moves.lodgingLength() + 3) * Float.BYTES)
        .order(ByteOrder.nativeOrder()).asFloatBuffer();
    int[] parts = moves.lodgeIn(home);
    assertSame(parts, moves.lodgeIn(home), "a replica lodged there already does not move");
    assertTrue(moves.lodged());
    assertFalse(stays.lodged());
    assertArrayEquals(stays.capture().params(), moves.capture().params(), 0f);
    assertArrayEquals(stays.capture().updaterState(), moves.capture().updaterState(), 0f);
    stays.trainSteps(order, 16, 4, 8);
    moves.trainSteps(order, 16, 4, 8);
    GlobalState expected = stays.capture();
    GlobalState actual = moves.capture();
    assertEquals(expected.iteration(), actual.iteration());
    assertEquals(rateScale, actual.rateScale());
    assertArrayEquals(expected.params(), actual.params(), 0f);
    assertArrayEquals(expected.updaterState(), actual.updaterState(), 0f);
    float[] state = new float[moves.stateLength()];
    moves.writeState(state);
    float[] lying = new float[state.length];
    int at = 0;
    for (int i = 0; i < parts.length; i += 2) {
      home.get(parts[i], lying, at, parts[i + 1]);
      at += parts[i + 1];
    }
    assertEquals(state.length, at, "the parts cover the state");
    assertArrayEquals(state, lying, 0f, "the state lies in the memory it moved to");
    return new Lodged(home, parts);
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
    return replica(SyntheticData.network(new Adam(0.01), 3, dropout), fusedStep,
        ownForwardBackward);
  }

  private MultiLayerReplica replica(MultiLayerNetwork initial) {
    return replica(initial, true, true);
  }

  private MultiLayerReplica replica(MultiLayerNetwork initial, boolean fusedStep,
      boolean ownForwardBackward) {
    return MultiLayerReplica.build(initial.getLayerWiseConfigurations().toJson(),
        initial.params().toFloatVector(),
        Shard.of(data.iterator(), SyntheticData.CLASSES), List.of(), fusedStep,
        ownForwardBackward);
  }
}
