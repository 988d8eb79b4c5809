package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Example;
import io.sparktrain.model.GraphFactory;
import io.sparktrain.model.InputShape;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.train.replica.EvalTally;
import io.sparktrain.train.worker.Seeds;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The engine's identities on a graph built from a spec: a residual merge, a layer applied twice
 * with one set of weights, and two outputs with weighted losses. One worker is plain DL4J
 * {@code ComputationGraph.fit}; two workers averaging every SGD step are one worker with twice the
 * batch; Adam's moments are averaged with the parameters.
 */
class GraphEngineTest extends LocalSparkTest {

  private static final long SEED = 11;

  /** A small graph with every kind of vertex, over the synthetic blobs' 12 features. */
  static ComputationGraph graph(String optimizer) {
    JobSpec spec = SpecReader.parse("""
        name: g
        data: {source: iris}
        optimizer: %s
        model:
          graph:
            layers:
              - {name: a, type: dense, units: 8, activation: tanh, inputs: [input]}
              - {name: b, type: dense, units: 8, activation: tanh, inputs: [a]}
              - {name: sum, type: add, inputs: [a, b]}
              - {name: c, type: dense, units: 8, activation: tanh, inputs: [sum]}
              - {name: c2, shares: c, inputs: [a]}
              - {name: gate, type: multiply, inputs: [c, c2]}
              - {name: both, type: concatenate, inputs: [gate, sum]}
              - {name: out, type: output, units: 3, inputs: [both]}
              - {name: aux, type: output, units: 3, inputs: [a], lossWeight: 0.5}
            outputs: [out, aux]
        """.formatted(optimizer), "graph");
    ComputationGraph graph = new ComputationGraph(GraphFactory.configuration(spec.model(),
        spec.optimizer(), SEED, InputShape.flat(SyntheticData.FEATURES)));
    graph.init();
    return graph;
  }

  @Test
  void oneWorkerReproducesComputationGraphFit() {
    List<Example> data = SyntheticData.blobs(100, 1);
    int batch = 16;
    String adam = "{type: adam, learningRate: 0.01}";
    ComputationGraph reference = graph(adam);
    Shard shard = Shard.of(data.iterator(), SyntheticData.CLASSES);
    for (int epoch = 0; epoch < 2; epoch++) {
      int[] order = shard.order(Seeds.shuffle(SEED, epoch, 0), true);
      reference.getConfiguration().setEpochCount(epoch);
      for (int from = 0; from < order.length; from += batch) {
        DataSet b = shard.batch(order, from, Math.min(from + batch, order.length));
        reference.fit(GraphReplica.multi(reference, b));
      }
    }

    // The engine's replicas step this graph (a shared layer, merges, two outputs) fused.
    assertTrue(GraphReplica.build(reference.getConfiguration().toJson(),
        reference.params().toFloatVector(), shard, List.of(), true).stepsFused());
    ComputationGraph trained = train(data, 1, adam, batch, 1, 2);

    assertClose(reference.params().toFloatVector(), trained.params().toFloatVector(), 1e-6f);
    assertClose(GraphReplica.updaterState(reference), GraphReplica.updaterState(trained), 1e-6f);
    assertEquals(reference.getIterationCount(), trained.getIterationCount());

    // Evaluation reads the first output, and the loss of every output.
    GraphReplica evaluating = GraphReplica.forEvaluation(trained.getConfiguration().toJson(),
        Target.classes(SyntheticData.CLASSES));
    evaluating.setParameters(trained.params().toFloatVector());
    Evaluation byReplica = new Evaluation(SyntheticData.CLASSES);
    EvalTally tally = evaluating.evaluate(data.iterator(), 32, byReplica);
    DataSet all = shard.batch(shard.order(0, false), 0, data.size());
    Evaluation direct = new Evaluation(SyntheticData.CLASSES);
    direct.eval(all.getLabels(), reference.output(false, all.getFeatures())[0]);
    assertEquals(direct.accuracy(), byReplica.accuracy(), 1e-9);
    assertEquals(reference.score(GraphReplica.multi(reference, all), false),
        tally.lossSum() / tally.examples(), 1e-4);
  }

  @Test
  void twoWorkersAveragingEverySgdStepAreOneWorkerWithTwiceTheBatch() {
    List<Example> data = SyntheticData.blobs(96, 2);
    int batch = 8;
    String sgd = "{type: sgd, learningRate: 0.1}";
    ComputationGraph reference = graph(sgd);
    Shard first = Shard.of(data.subList(0, 48).iterator(), SyntheticData.CLASSES);
    Shard second = Shard.of(data.subList(48, 96).iterator(), SyntheticData.CLASSES);
    int[] firstOrder = first.order(Seeds.shuffle(SEED, 0, 0), true);
    int[] secondOrder = second.order(Seeds.shuffle(SEED, 0, 1), true);
    for (int from = 0; from < 48; from += batch) {
      reference.fit(GraphReplica.multi(reference, DataSet.merge(List.of(
          first.batch(firstOrder, from, from + batch),
          second.batch(secondOrder, from, from + batch)))));
    }

    ComputationGraph trained = train(data, 2, sgd, batch, 1, 1);

    assertClose(reference.params().toFloatVector(), trained.params().toFloatVector(), 1e-5f);
  }

  @Test
  void adamMomentsAreAveragedAcrossWorkers() {
    List<Example> data = SyntheticData.blobs(64, 3);
    String adam = "{type: adam, learningRate: 0.05}";
    int batch = 8;
    ComputationGraph[] replicas = {graph(adam), graph(adam)};
    Shard[] shards = {
        Shard.of(data.subList(0, 32).iterator(), SyntheticData.CLASSES),
        Shard.of(data.subList(32, 64).iterator(), SyntheticData.CLASSES)};
    int[][] orders = {
        shards[0].order(Seeds.shuffle(SEED, 0, 0), true),
        shards[1].order(Seeds.shuffle(SEED, 0, 1), true)};
    for (int from = 0; from < 32; from += 2 * batch) {
      for (int w = 0; w < 2; w++) {
        for (int step = from; step < from + 2 * batch; step += batch) {
          replicas[w].fit(GraphReplica.multi(replicas[w],
              shards[w].batch(orders[w], step, step + batch)));
        }
      }
      var params = replicas[0].params().add(replicas[1].params()).divi(2);
      var moments = GraphReplica.updaterStateView(replicas[0])
          .add(GraphReplica.updaterStateView(replicas[1])).divi(2);
      for (ComputationGraph replica : replicas) {
        replica.setParams(params.dup());
        GraphReplica.updaterStateView(replica).assign(moments);
      }
    }

    ComputationGraph trained = train(data, 2, adam, batch, 2, 1);

    assertClose(replicas[0].params().toFloatVector(), trained.params().toFloatVector(), 1e-5f);
    assertClose(GraphReplica.updaterState(replicas[0]), GraphReplica.updaterState(trained),
        1e-5f);
    assertTrue(GraphReplica.updaterState(trained).length > 0, "Adam keeps moments");
  }

  private static ComputationGraph train(List<Example> data, int workers, String optimizer,
      int batch, int frequency, int epochs) {
    EngineOptions options = new EngineOptions(batch, frequency, SyntheticData.CLASSES, SEED, true);
    try (BarrierEngine engine =
        new BarrierEngine(sc, sc.parallelize(data, workers), graph(optimizer), options)) {
      for (int epoch = 0; epoch < epochs; epoch++) {
        engine.trainEpoch(epoch, RoundListener.NONE);
      }
      return (ComputationGraph) engine.network();
    }
  }

  private static void assertClose(float[] expected, float[] actual, float tolerance) {
    assertTrue(expected.length == actual.length && expected.length > 0,
        "sizes differ: " + expected.length + " vs " + actual.length);
    float worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= tolerance, "max difference " + worst + " > " + tolerance);
  }
}
