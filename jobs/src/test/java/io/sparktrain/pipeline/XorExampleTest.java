package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.train.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jobs of {@code conf/xor.yaml} as shipped: a single-layer perceptron cannot separate XOR
 * (at most 3 of its 4 rows are linearly separable), a network with one hidden layer gets all 4.
 */
class XorExampleTest {

  private static final Path SPEC = Path.of("..", "conf", "xor.yaml");
  private static JavaSparkContext sc;

  @TempDir Path runs;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("XorExampleTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void perceptronFailsAndMlpLearnsXor() throws Exception {
    List<JobSpec> jobs = SpecReader.readAll(SPEC);
    assertEquals(List.of("xor-perceptron", "xor-mlp"), jobs.stream().map(JobSpec::name).toList());
    TrainJob job = new TrainJob(sc, DataCache.fromEnvironment(),
        new PrintStream(new ByteArrayOutputStream()));

    TrainResult perceptron = job.run(jobs.get(0), runs.toString());
    TrainResult mlp = job.run(jobs.get(1), runs.toString());

    assertTrue(perceptron.test().accuracy() <= 0.75,
        "a linear model cannot fit XOR, yet reached " + perceptron.test().accuracy());
    assertEquals(1.0, mlp.test().accuracy(), 0.0, "the MLP should classify all 4 rows");
    double lastLoss = mlp.epochs().get(mlp.epochs().size() - 1).trainLoss();
    assertTrue(lastLoss < perceptron.epochs().get(perceptron.epochs().size() - 1).trainLoss());
    assertTrue(Files.exists(Path.of(runs.toString(), "xor-mlp")));
  }
}
