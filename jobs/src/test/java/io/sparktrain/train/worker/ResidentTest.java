package io.sparktrain.train.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.train.GraphReplica;
import io.sparktrain.train.MultiLayerReplica;
import io.sparktrain.train.replica.StateDigest;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A freshly built replica goes on from the first state only when it is that state, bit for bit. */
class ResidentTest {

  @Test
  void aFreshReplicaHoldsTheStateItWasBuiltFrom() {
    MultiLayerNetwork driver = network();
    Resident fresh = new Resident(MultiLayerReplica.of(network()));
    assertTrue(fresh.startsFrom(StateDigest.of(MultiLayerReplica.of(driver).capture())));
  }

  @Test
  void notWhenTheStartingStateHasTrained() {
    MultiLayerNetwork driver = network();
    driver.fit(new DataSet(Nd4j.rand(4, 3), Nd4j.createFromArray(
        new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}})));
    Resident fresh = new Resident(MultiLayerReplica.of(network()));
    assertFalse(fresh.startsFrom(StateDigest.of(MultiLayerReplica.of(driver).capture())));
  }

  @Test
  void notWhenOnlyTheIterationDiffers() {
    MultiLayerNetwork driver = network();
    driver.setIterationCount(3);
    Resident fresh = new Resident(MultiLayerReplica.of(network()));
    assertFalse(fresh.startsFrom(StateDigest.of(MultiLayerReplica.of(driver).capture())));
  }

  @Test
  void onlyOnce() {
    long start = StateDigest.of(MultiLayerReplica.of(network()).capture());
    Resident fresh = new Resident(MultiLayerReplica.of(network()));
    assertTrue(fresh.startsFrom(start));
    // Whatever the task did next changed the state: a retried epoch loads it again.
    assertFalse(fresh.startsFrom(start));
  }

  /**
   * An epoch's end takes the digest when it is asked for, after the handback: of the state the
   * replica then holds, which the driver goes on from.
   */
  @Test
  void anEndedEpochHoldsTheStateTheDriverGoesOnFrom() {
    MultiLayerNetwork trained = network();
    MultiLayerReplica replica = MultiLayerReplica.of(trained);
    Resident resident = new Resident(replica);
    assertTrue(resident.startsFrom(StateDigest.of(replica.capture())));
    trained.fit(new DataSet(Nd4j.rand(4, 3), Nd4j.createFromArray(
        new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}})));
    resident.ended();
    long outcome = StateDigest.of(replica.capture());
    assertEquals(outcome, resident.held());
    assertTrue(resident.startsFrom(outcome));
    resident.ended();
    assertFalse(resident.startsFrom(StateDigest.of(MultiLayerReplica.of(network()).capture())));
  }

  @Test
  void aGraphToo() {
    ComputationGraph driver = graph();
    Resident fresh = new Resident(GraphReplica.of(graph()));
    assertTrue(fresh.startsFrom(StateDigest.of(GraphReplica.of(driver).capture())));
    driver.getConfiguration().setIterationCount(1);
    Resident other = new Resident(GraphReplica.of(graph()));
    assertFalse(other.startsFrom(StateDigest.of(GraphReplica.of(driver).capture())));
  }

  private static ComputationGraph graph() {
    ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
        .seed(5).updater(new Adam(0.01)).graphBuilder().addInputs("in")
        .addLayer("hidden", new DenseLayer.Builder().nIn(3).nOut(4)
            .activation(Activation.TANH).build(), "in")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4)
            .nOut(2).activation(Activation.SOFTMAX).build(), "hidden")
        .setOutputs("out").build());
    graph.init();
    return graph;
  }

  /** The same seed gives the same parameters; Adam's moments start at zero. */
  private static MultiLayerNetwork network() {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(7).updater(new Adam(0.01)).list()
        .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    return network;
  }
}
