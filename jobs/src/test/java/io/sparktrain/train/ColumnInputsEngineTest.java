package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Example;
import io.sparktrain.model.GraphFactory;
import io.sparktrain.model.InputShape;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.train.worker.Seeds;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * The engine on a graph whose two inputs read different columns of the features: one worker
 * equals DL4J's {@code ComputationGraph.fit} of the same layers as a graph of two real inputs,
 * fed the sliced columns as a {@code MultiDataSet}.
 */
class ColumnInputsEngineTest extends LocalSparkTest {

  private static final long SEED = 5;
  private static final int[] LEFT = {0, 1, 2, 3, 4, 5};
  private static final int[] RIGHT = {9, 10, 11, 6, 7, 8};
  private static final List<String> LAYERS = List.of("l", "r", "out");

  private static ComputationGraph graph(String inputs, int width) {
    JobSpec spec = SpecReader.parse("""
        name: g
        data: {source: iris}
        optimizer: {type: adam, learningRate: 0.01}
        model:
          graph:
            inputs: %s
            layers:
              - {name: l, type: dense, units: 8, activation: tanh, inputs: [left]}
              - {name: r, type: dense, units: 8, activation: tanh, inputs: [right]}
              - {name: both, type: concatenate, inputs: [l, r]}
              - {name: out, type: output, units: 3, inputs: [both]}
            outputs: [out]
        """.formatted(inputs), "g");
    ComputationGraph graph = new ComputationGraph(GraphFactory.configuration(spec.model(),
        spec.optimizer(), SEED, InputShape.flat(width)));
    graph.init();
    return graph;
  }

  private static ComputationGraph columnGraph() {
    return graph("[{name: left, columns: [0-5]}, {name: right, columns: [9-11, 6-8]}]",
        SyntheticData.FEATURES);
  }

  /** The batch as a graph of two real inputs reads it: each input its own columns. */
  private static MultiDataSet sliced(DataSet batch) {
    INDArray x = batch.getFeatures();
    return new MultiDataSet(new INDArray[] {x.getColumns(LEFT), x.getColumns(RIGHT)},
        new INDArray[] {batch.getLabels()});
  }

  @Test
  void oneWorkerReproducesFitOfTheSlicedMultiDataSet() {
    List<Example> data = SyntheticData.blobs(100, 4);
    int batch = 16;
    ComputationGraph reference = graph("[left, right]", LEFT.length);
    ComputationGraph start = columnGraph();
    for (String layer : LAYERS) {
      reference.getLayer(layer).setParams(start.getLayer(layer).params().dup());
    }
    Shard shard = Shard.of(data.iterator(), SyntheticData.CLASSES);
    for (int epoch = 0; epoch < 2; epoch++) {
      int[] order = shard.order(Seeds.shuffle(SEED, epoch, 0), true);
      reference.getConfiguration().setEpochCount(epoch);
      for (int from = 0; from < order.length; from += batch) {
        reference.fit(sliced(shard.batch(order, from, Math.min(from + batch, order.length))));
      }
    }

    ComputationGraph trained = train(data, start);

    for (String layer : LAYERS) {
      assertClose(reference.getLayer(layer).params(), trained.getLayer(layer).params(), layer);
    }
    DataSet all = shard.batch(shard.order(0, false), 0, data.size());
    assertClose(reference.output(false, sliced(all).getFeatures())[0],
        trained.outputSingle(false, all.getFeatures()), "output");
    assertEquals(reference.getIterationCount(), trained.getIterationCount());
  }

  private static ComputationGraph train(List<Example> data, ComputationGraph start) {
    EngineOptions options = new EngineOptions(16, 1, SyntheticData.CLASSES, SEED, true);
    try (BarrierEngine engine =
        new BarrierEngine(sc, sc.parallelize(data, 1), start, options)) {
      for (int epoch = 0; epoch < 2; epoch++) {
        engine.trainEpoch(epoch, RoundListener.NONE);
      }
      return (ComputationGraph) engine.network();
    }
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    assertEquals(expected.length(), actual.length(), what);
    double worst = expected.castTo(actual.dataType()).sub(actual).amaxNumber().doubleValue();
    assertTrue(worst <= 1e-6, what + ": max difference " + worst);
  }
}
