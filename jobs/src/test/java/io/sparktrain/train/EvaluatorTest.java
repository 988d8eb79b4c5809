package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.DigitImages;
import io.sparktrain.data.Example;
import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Splits evaluated together, in one Spark job, score as each evaluated alone: on real MNIST
 * digits (the test file's, from the data cache), split in two of different sizes and partitions.
 */
class EvaluatorTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = SparkTestSession.start("evaluator-test");
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  @Test
  void splitsEvaluatedInOneJobScoreAsEachAlone() {
    List<Example> digits = DigitImages.read(DataCache.fromEnvironment(), false, 0, 500);
    JavaRDD<Example> first = sc.parallelize(digits.subList(0, 180), 2);
    JavaRDD<Example> second = sc.parallelize(digits.subList(180, 500), 3);
    JobSpec spec = SpecReader.parse("name: t\ndata: {source: mnist}\nmodel: {layers: ["
        + "{type: dense, units: 32, activation: relu}, {type: output, units: 10}]}\n", "t");
    MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configuration(spec.model(),
        spec.optimizer(), 3, InputShape.flat(784)));
    network.init();
    try (Evaluator evaluator = new Evaluator(sc, 10)) {
      long jobsBefore = sc.statusTracker().getJobIdsForGroup(null).length;
      List<EvalResult> together = evaluator.evaluate(network, List.of(first, second));
      assertEquals(1, sc.statusTracker().getJobIdsForGroup(null).length - jobsBefore,
          "Spark jobs for two splits");
      EvalResult[] alone = {evaluator.evaluate(network, first), evaluator.evaluate(network, second)};
      assertEquals(2, together.size());
      for (int i = 0; i < 2; i++) {
        assertEquals(alone[i].examples(), together.get(i).examples(), "examples of split " + i);
        assertEquals(alone[i].meanLoss(), together.get(i).meanLoss(), 1e-6, "loss of split " + i);
        assertEquals(alone[i].accuracy(), together.get(i).accuracy(), 0, "accuracy, split " + i);
      }
      assertEquals(180, together.get(0).examples());
      assertEquals(320, together.get(1).examples());
      assertTrue(together.get(0).meanLoss() != together.get(1).meanLoss(), "two splits' losses");
    }
  }
}
