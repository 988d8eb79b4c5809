package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.Example;
import io.sparktrain.data.LabeledData;
import io.sparktrain.data.LabeledDataLoader;
import io.sparktrain.model.GraphFactory;
import io.sparktrain.model.InputShape;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * The graphs of {@code conf/models/} learning Fashion-MNIST on two workers through the barrier
 * engine, short: {@code resnet-20} against its plain twin {@code plain-20}, each for the same
 * steps from the same seed. The README's graph section has the full runs.
 */
class GraphLearningTest {

  private static final Path MODELS = Path.of("..", "conf", "models");
  /** Training images read, before the validation split takes its fifth. */
  private static final int LIMIT = 4_000;
  private static final int STEPS_EPOCHS = 2;
  private static JavaSparkContext sc;
  private static LabeledData data;
  private static List<Example> test;

  @BeforeAll
  static void load() {
    sc = SparkTestSession.start("GraphLearningTest");
    JobSpec spec = SpecReader.parse("name: d\ndata: {source: fashion-mnist, limit: " + LIMIT
        + "}\nmodel: {layers: [{type: output, units: 10}]}\n", "data");
    data = LabeledDataLoader.load(sc, spec.data(), 2, DataCache.fromEnvironment());
    test = data.test().take(1_000);
  }

  @AfterAll
  static void stop() {
    data.unpersist();
    sc.stop();
  }

  @Test
  void residualNetworkTrainsAndItsPlainTwinLags() {
    double resnet = accuracy("resnet-20.yaml");
    double plain = accuracy("plain-20.yaml");
    System.out.printf("resnet-20 %.4f, plain-20 %.4f on 1,000 test images%n", resnet, plain);
    assertTrue(resnet >= 0.70, "resnet-20 should reach 70 %, found " + resnet);
    assertTrue(resnet > plain, "plain-20 should lag resnet-20: " + plain + " vs " + resnet);
  }

  private static double accuracy(String file) {
    JobSpec spec = SpecReader.read(MODELS.resolve(file));
    ComputationGraph graph = new ComputationGraph(GraphFactory.configuration(spec.model(),
        spec.optimizer(), spec.training().seed(), InputShape.image(1, 28, 28)));
    graph.init();
    EngineOptions options = new EngineOptions(32, spec.training().averagingFrequency(), 10,
        spec.training().seed(), true);
    try (BarrierEngine engine = new BarrierEngine(sc, data.train(), graph, options)) {
      for (int epoch = 0; epoch < STEPS_EPOCHS; epoch++) {
        engine.trainEpoch(epoch, RoundListener.NONE);
      }
    }
    Evaluation classes = new Evaluation(10);
    GraphReplica trained =
        GraphReplica.forEvaluation(graph.getConfiguration().toJson(), Target.classes(10));
    trained.setParameters(graph.params().toFloatVector());
    trained.evaluate(test.iterator(), 100, classes);
    return classes.accuracy();
  }
}
