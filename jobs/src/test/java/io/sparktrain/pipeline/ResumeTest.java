package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.runs.JobLock;
import io.sparktrain.runs.NetworkZips;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.OutputException;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.spec.TrainingSpec;
import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.SparkTestSession;
import io.sparktrain.train.TrainingObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted after a checkpoint and run again continues in the same directory and ends
 * exactly where an uninterrupted run ends; finished runs are left alone; the job lock holds.
 */
class ResumeTest {

  private static final int EPOCHS = 5;
  private static JavaSparkContext sc;

  @TempDir Path dir;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("ResumeTest");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void interruptedRunResumesToTheUninterruptedResult() throws Exception {
    assertResumesToTheUninterruptedResult(xorMlp());
  }

  /**
   * The same for a graph: the checkpoint holds a ComputationGraph with its updater state, and the
   * resumed run's model.zip is a graph bit for bit equal to the uninterrupted run's, which learnt
   * XOR (no single layer can).
   */
  @Test
  void interruptedGraphRunResumesToTheUninterruptedResult() throws Exception {
    JobSpec graph = xorGraph();
    TrainResult resumed = assertResumesToTheUninterruptedResult(graph);

    Path model = runs(dir.resolve("interrupted").toString(), graph).get(0)
        .resolve(RunDirectory.MODEL);
    assertTrue(NetworkZips.read(model.toFile(), false) instanceof ComputationGraph);
    assertEquals(1.0, resumed.test().accuracy(), 1e-9, "a graph with a hidden layer learns XOR");
  }

  private TrainResult assertResumesToTheUninterruptedResult(JobSpec spec) throws Exception {
    String whole = dir.resolve("whole").toString();
    String interrupted = dir.resolve("interrupted").toString();
    new TrainJob(sc, DataCache.fromEnvironment(), quiet()).run(spec, whole);

    RuntimeException crash = assertThrows(RuntimeException.class,
        () -> job(new CrashAfterEpoch(2)).run(spec, interrupted));
    assertEquals("crash after epoch 2", crash.getMessage());
    TrainResult resumed = job().run(spec, interrupted);

    assertTrue(console.toString(StandardCharsets.UTF_8)
        .contains("resuming run " + resumed.run().runId() + " from epoch 3 of 5"), console.toString());
    assertEquals(1, runs(interrupted, spec).size(), "resumed in place, not a new run");
    assertArrayEquals(params(whole, spec), params(interrupted, spec), "bit for bit");
    List<String> lines = Files.readAllLines(runs(interrupted, spec).get(0).resolve("metrics.jsonl"));
    assertEquals(EPOCHS, lines.size());
    assertEquals(List.of(1, 2, 3, 4, 5), resumed.epochs().stream().map(EpochMetrics::epoch).toList());
    return resumed;
  }

  @Test
  void finishedRunIsNotResumedAndNewRunForcesAFreshOne() throws Exception {
    JobSpec spec = xorMlp();
    String runs = dir.resolve("runs").toString();

    job().run(spec, runs);
    job().run(spec, runs);
    assertThrows(IllegalStateException.class, () -> job(new CrashAfterEpoch(1)).run(spec, runs));
    List<Path> before = runs(runs, spec);
    RunDirectory fresh = job().run(spec, runs, true).run();

    assertEquals(3, before.size());
    assertEquals(4, runs(runs, spec).size());
    assertTrue(before.stream().noneMatch(p -> p.getFileName().toString().equals(fresh.runId())));
    assertTrue(!console.toString(StandardCharsets.UTF_8).contains("resuming"));
  }

  @Test
  void heldLockRefusesASecondRunAndLeavesTheFirstAlone() throws Exception {
    JobSpec spec = xorMlp();
    String runs = dir.resolve("locked").toString();
    job().run(spec, runs);
    Path finished = runs(runs, spec).get(0);
    byte[] model = Files.readAllBytes(finished.resolve("model.zip"));
    Path lock = Path.of(runs, spec.name(), JobLock.FILE);
    Files.writeString(lock, "build-host-7 4242 2026-11-27T01:00:00Z");

    OutputException e = assertThrows(OutputException.class, () -> job().run(spec, runs));

    assertTrue(e.getMessage().contains("locked by another run (build-host-7 4242"), e.getMessage());
    assertTrue(e.getMessage().contains(JobLock.FILE), e.getMessage());
    assertEquals(5, e.exitCode());
    assertEquals(1, runs(runs, spec).size());
    assertArrayEquals(model, Files.readAllBytes(finished.resolve("model.zip")));
    assertTrue(Files.exists(lock), "someone else's lock is not ours to remove");
  }

  @Test
  void staleLockOfAProcessThatIsGoneIsTakenOver() throws Exception {
    JobSpec spec = xorMlp();
    String runs = dir.resolve("stale").toString();
    Path lock = Files.createDirectories(Path.of(runs, spec.name())).resolve(JobLock.FILE);
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(lock, java.net.InetAddress.getLocalHost().getHostName() + " " + gone.pid()
        + " 2026-11-27T01:00:00Z");

    job().run(spec, runs);

    assertEquals(1, runs(runs, spec).size());
    assertTrue(!Files.exists(lock), "the lock is released after the run");
  }

  private TrainJob job(TrainingObserver... extra) {
    return new TrainJob(sc, DataCache.fromEnvironment(), quiet(), List.of(extra));
  }

  private PrintStream quiet() {
    return new PrintStream(console, true, StandardCharsets.UTF_8);
  }

  /** The MLP of conf/xor.yaml on two workers, so that resuming must restore averaged state. */
  private static JobSpec xorMlp() {
    JobSpec mlp = SpecReader.readAll(Path.of("..", "conf", "xor.yaml")).get(1);
    TrainingSpec t = mlp.training();
    return new JobSpec(mlp.name(), mlp.data(), mlp.model(), mlp.optimizer(),
        new TrainingSpec(EPOCHS, t.batchSize(), 2, t.averagingFrequency(), t.engine(), t.seed()),
        mlp.output());
  }

  /**
   * XOR through a residual graph on two workers: a hidden layer, a second one added to it, and
   * an auxiliary output reading the first, whose loss counts half.
   */
  private static JobSpec xorGraph() {
    JobSpec mlp = xorMlp();
    JobSpec graph = SpecReader.parse("""
        name: xor-graph
        data: {source: xor, scaling: none}
        optimizer: {type: adam, learningRate: 0.05}
        model:
          graph:
            layers:
              - {name: a, type: dense, units: 8, activation: tanh, inputs: [input]}
              - {name: b, type: dense, units: 8, activation: tanh, inputs: [a]}
              - {name: sum, type: add, inputs: [a, b]}
              - {name: out, type: output, units: 2, inputs: [sum]}
              - {name: aux, type: output, units: 2, inputs: [a], lossWeight: 0.5}
            outputs: [out, aux]
        """, "xor-graph");
    return new JobSpec(graph.name(), graph.data(), graph.model(), graph.optimizer(),
        mlp.training(), mlp.output());
  }

  private static List<Path> runs(String runsDir, JobSpec spec) throws Exception {
    try (Stream<Path> runs = Files.list(Path.of(runsDir, spec.name()))) {
      return runs.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static float[] params(String runsDir, JobSpec spec) throws Exception {
    return NetworkZips.read(runs(runsDir, spec).get(0).resolve(RunDirectory.MODEL).toFile(),
        false).params().toFloatVector();
  }

  /** Stands in for a killed process: fails the run once the checkpoint of an epoch is written. */
  record CrashAfterEpoch(int epoch) implements TrainingObserver {
    @Override
    public void onEpoch(EpochMetrics metrics) {
      if (metrics.epoch() == epoch) {
        throw new IllegalStateException("crash after epoch " + epoch);
      }
    }
  }
}
