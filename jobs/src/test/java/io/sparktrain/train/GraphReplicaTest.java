package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Example;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** A graph's replica moved into other memory trains as one that stays. */
class GraphReplicaTest {

  private final List<Example> data = SyntheticData.blobs(64, 5);

  /**
   * The graph of every vertex kind (a shared layer, merges, two outputs), stepped fused: moved into
   * other memory after two steps, it goes on with the bits of a twin that stays, its state lying
   * where the parts say.
   */
  @Test
  void aGraphLodgedInOtherMemoryTrainsWithTheBitsOfATwinThatStays() {
    GraphReplica stays = replica();
    GraphReplica moves = replica();
    assertTrue(moves.stepsFused());
    int[] order = Shard.of(data.iterator(), SyntheticData.CLASSES).order(7, true);
    MultiLayerReplicaTest.assertLodgedTwinTrainsAlike(stays, moves, order, 0.25);
  }

  private GraphReplica replica() {
    ComputationGraph initial = GraphEngineTest.graph("{type: adam, learningRate: 0.01}");
    return GraphReplica.build(initial.getConfiguration().toJson(),
        initial.params().toFloatVector(), Shard.of(data.iterator(), SyntheticData.CLASSES),
        List.of(), true);
  }
}
