package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Example;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/** DL4J's ParameterAveragingTrainingMaster behind sparktrain's engine interface, on two workers. */
class Dl4jBaselineEngineTest extends LocalSparkTest {

  @Test
  void learnsSeparableBlobsAndCountsEveryExample() {
    List<Example> data = SyntheticData.blobs(400, 11);
    JavaRDD<Example> shards = sc.parallelize(data, 2);
    EngineOptions options = new EngineOptions(16, 5, SyntheticData.CLASSES, 7, true);

    try (Dl4jBaselineEngine engine = new Dl4jBaselineEngine(sc, shards,
        SyntheticData.network(new Adam(0.01), 7), options);
        Evaluator evaluator = new Evaluator(sc, SyntheticData.CLASSES)) {
      double before = evaluator.evaluate(engine.model(), shards).accuracy();
      EpochResult last = null;
      for (int epoch = 0; epoch < 4; epoch++) {
        last = engine.trainEpoch(epoch, RoundListener.NONE);
      }
      double after = evaluator.evaluate(engine.model(), shards).accuracy();

      assertEquals(400, last.examples());
      assertTrue(after > 0.9 && after > before + 0.2, "accuracy " + before + " -> " + after);
    }
  }
}
