package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Example;
import io.sparktrain.train.worker.FailurePoint;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Engine v2 against engine v1's arithmetic, and the stage retry: a task that fails or hangs in
 * the middle of an epoch costs a retried stage, never a different model.
 */
class BarrierEngineTest {

  private static final long SEED = 11;
  private static final AtomicInteger RETRIED_STAGES = new AtomicInteger();
  private static final AtomicLong SHUFFLED_BYTES = new AtomicLong();
  private static final AtomicInteger SUBMITTED_STAGES = new AtomicInteger();
  /** Spark's ids of the tasks running now. */
  private static final Set<Long> RUNNING_TASKS = ConcurrentHashMap.newKeySet();
  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestSession.start("BarrierEngineTest");
    // Counts retried stages, so that a failure that was never injected cannot pass for one that
    // the retry repaired.
    sc.sc().addSparkListener(new SparkListener() {
      @Override
      public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        SUBMITTED_STAGES.incrementAndGet();
        if (submitted.stageInfo().attemptNumber() > 0) {
          RETRIED_STAGES.incrementAndGet();
        }
      }

      @Override
      public void onTaskStart(SparkListenerTaskStart started) {
        RUNNING_TASKS.add(started.taskInfo().taskId());
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd ended) {
        RUNNING_TASKS.remove(ended.taskInfo().taskId());
      }

      @Override
      public void onStageCompleted(SparkListenerStageCompleted completed) {
        SHUFFLED_BYTES.addAndGet(
            completed.stageInfo().taskMetrics().shuffleWriteMetrics().bytesWritten());
      }
    });
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @AfterEach
  void clearInjection() {
    sc.setLocalProperty(FailurePoint.CONF_KEY, null);
    sc.setLocalProperty(BarrierEngine.TIMEOUT_KEY, null);
    sc.setLocalProperty(BarrierEngine.EXCHANGE_KEY, null);
    sc.setLocalProperty(BarrierEngine.ENCRYPTION_KEY, null);
  }

  @Test
  void matchesTheRoundPerJobEngineWithDropoutAndAdam() {
    List<Example> data = SyntheticData.blobs(200, 5);
    float[][] v1 = train(data, 3, false);
    float[][] v2 = train(data, 3, true);
    assertClose(v1[0], v2[0], 1e-5f);
    assertClose(v1[1], v2[1], 1e-5f);
  }

  @Test
  void theTcpRingBetweenExecutorsAveragesAsSharedMemoryDoes() {
    List<Example> data = SyntheticData.blobs(200, 8);
    float[][] shared = train(data, 2, true);
    sc.setLocalProperty(BarrierEngine.EXCHANGE_KEY, "ring");
    float[][] ring = train(data, 2, true);
    assertClose(shared[0], ring[0], 1e-5f);
    assertClose(shared[1], ring[1], 1e-5f);
    sc.setLocalProperty(FailurePoint.CONF_KEY, "throw@1/1/0");
    float[][] retried = trainWithOneRetry(data, 2);
    assertArrayEquals(ring[0], retried[0]);
    assertArrayEquals(ring[1], retried[1]);
  }

  /** Both average by shares in rank order: the file between JVMs must give shared memory's bits. */
  @Test
  void theSharedFileBetweenExecutorsOnOneHostTrainsAsSharedMemoryDoesBitForBit() throws Exception {
    List<Example> data = SyntheticData.blobs(200, 10);
    float[][] shared = train(data, 2, true);
    sc.setLocalProperty(BarrierEngine.EXCHANGE_KEY, "file");
    int retriedBefore = retriedStages();
    float[][] file = train(data, 2, true);
    assertEquals(retriedBefore, retriedStages(), "no stage may fail without an injected failure");
    assertArrayEquals(shared[0], file[0]);
    assertArrayEquals(shared[1], file[1]);
    sc.setLocalProperty(FailurePoint.CONF_KEY, "throw@1/1/0");
    float[][] retried = trainWithOneRetry(data, 2);
    assertArrayEquals(shared[0], retried[0]);
    assertArrayEquals(shared[1], retried[1]);
  }

  /**
   * Also the two ways the outcome reaches the driver: rank 0's handback over the rendezvous, and,
   * since that connection is not encrypted, the stage's shuffle when the exchange encrypts, which
   * alone takes a second stage per epoch to read it.
   */
  @Test
  void theEncryptedRingTrainsTheSameModelBitForBit() throws Exception {
    List<Example> data = SyntheticData.blobs(200, 9);
    sc.setLocalProperty(BarrierEngine.EXCHANGE_KEY, "ring");
    long before = shuffledBytes();
    int stagesBefore = submittedStages();
    float[][] plain = train(data, 2, true);
    long plainShuffle = shuffledBytes() - before;
    int plainStages = submittedStages() - stagesBefore;
    sc.setLocalProperty(BarrierEngine.ENCRYPTION_KEY, "true");
    float[][] encrypted = train(data, 2, true);
    long encryptedShuffle = shuffledBytes() - before - plainShuffle;
    int encryptedStages = submittedStages() - stagesBefore - plainStages;
    assertEquals(2, encryptedStages - plainStages, "one stage more for each of the 2 epochs "
        + "whose outcome is read from the shuffle: " + plainStages + " stages handed back, "
        + encryptedStages + " encrypted");
    assertArrayEquals(plain[0], encrypted[0]);
    assertArrayEquals(plain[1], encrypted[1]);
    long stateBytes = 4L * (plain[0].length + plain[1].length);
    assertTrue(plainShuffle < stateBytes / 10, "handed back, yet " + plainShuffle
        + " bytes went through the shuffle against a state of " + stateBytes);
    assertTrue(encryptedShuffle > stateBytes, "encrypted, the two epochs' outcomes go through "
        + "the shuffle: " + encryptedShuffle + " bytes against a state of " + stateBytes);
  }

  /**
   * Every task ends an epoch holding the state the driver goes on from: only the first epoch
   * broadcasts it, a retried attempt's tasks fetch it from the driver, and an encrypting
   * exchange, whose state never crosses the unencrypted rendezvous, broadcasts every epoch.
   */
  @Test
  void onlyTheFirstEpochBroadcastsTheStateUnlessTheExchangeEncrypts() throws Exception {
    List<Example> data = SyntheticData.blobs(200, 12);
    long[] held = trainCounting(data, 3);
    assertEquals(1, held[0], "broadcasts");
    assertEquals(0, held[1], "handouts: every task held the state");
    sc.setLocalProperty(FailurePoint.CONF_KEY, "throw@1/1/1");
    int before = retriedStages();
    long[] retried = trainCounting(data, 3);
    assertEquals(before + 1, retriedStages(), "the injected failure must cost one retry");
    assertEquals(1, retried[0], "broadcasts");
    assertEquals(2, retried[1], "handouts: both tasks of the retried attempt fetch the state");
    sc.setLocalProperty(FailurePoint.CONF_KEY, null);
    sc.setLocalProperty(BarrierEngine.ENCRYPTION_KEY, "true");
    long[] encrypted = trainCounting(data, 3);
    assertEquals(3, encrypted[0], "broadcasts");
    assertEquals(0, encrypted[1], "handouts");
  }

  /** Broadcasts and handouts of a barrier run of {@code epochs}. */
  private static long[] trainCounting(List<Example> data, int epochs) {
    MultiLayerNetwork initial = SyntheticData.network(new Adam(0.02), SEED, 0.3);
    EngineOptions options = new EngineOptions(8, 3, SyntheticData.CLASSES, SEED, true);
    try (BarrierEngine engine = new BarrierEngine(sc, sc.parallelize(data, 2), initial, options)) {
      for (int epoch = 0; epoch < epochs; epoch++) {
        engine.trainEpoch(epoch, RoundListener.NONE);
      }
      return new long[] {engine.broadcasts(), engine.handouts()};
    }
  }

  /** Stages retried so far, once Spark's listeners have heard of every submitted stage. */
  private static int retriedStages() throws Exception {
    sc.sc().listenerBus().waitUntilEmpty();
    return RETRIED_STAGES.get();
  }

  /** Stages submitted so far, once Spark's listeners have heard of every one. */
  private static int submittedStages() throws Exception {
    sc.sc().listenerBus().waitUntilEmpty();
    return SUBMITTED_STAGES.get();
  }

  /** Shuffle bytes written so far, once Spark's listeners have heard of every finished stage. */
  private static long shuffledBytes() throws Exception {
    sc.sc().listenerBus().waitUntilEmpty();
    return SHUFFLED_BYTES.get();
  }

  @Test
  void aTaskThatThrowsMidEpochGivesTheSameModelAfterTheStageRetry() {
    List<Example> data = SyntheticData.blobs(200, 6);
    float[][] clean = train(data, 3, true);
    sc.setLocalProperty(FailurePoint.CONF_KEY, "throw@1/2/1");
    float[][] retried = trainWithOneRetry(data, 3);
    assertArrayEquals(clean[0], retried[0]);
    assertArrayEquals(clean[1], retried[1]);
  }

  @Test
  void aTaskThatHangsMidEpochIsTimedOutAndTheRetryGivesTheSameModel() {
    List<Example> data = SyntheticData.blobs(200, 7);
    float[][] clean = train(data, 2, true);
    sc.setLocalProperty(FailurePoint.CONF_KEY, "hang@0/1/0");
    sc.setLocalProperty(BarrierEngine.TIMEOUT_KEY, "3s");
    long start = System.nanoTime();
    float[][] retried = trainWithOneRetry(data, 2);
    assertTrue((System.nanoTime() - start) / 1e9 < 120, "the hang must end with the timeout");
    assertArrayEquals(clean[0], retried[0]);
    assertArrayEquals(clean[1], retried[1]);
  }

  /**
   * Kept workers train several epochs in one barrier stage and score the splits themselves: the
   * same model, bit for bit, as one stage an epoch, and the same scores as the evaluation job's
   * on the driver's model after every epoch; one training stage for all the epochs.
   */
  @Test
  void keptWorkersTrainTheSameModelAndScoreAsTheEvaluationJobDoes() throws Exception {
    List<Example> data = SyntheticData.blobs(200, 13);
    List<Example> held = SyntheticData.blobs(90, 14);
    float[][] perEpoch = train(data, 3, true);
    MultiLayerNetwork initial = SyntheticData.network(new Adam(0.02), SEED, 0.3);
    EngineOptions options = new EngineOptions(8, 3, SyntheticData.CLASSES, SEED, true);
    Evaluator evaluator = new Evaluator(sc, SyntheticData.CLASSES);
    JavaRDD<Example> validation = sc.parallelize(held, 3);
    int barrierStages;
    float[][] kept;
    List<List<EvalResult>> scores = new java.util.ArrayList<>();
    List<Model> models = new java.util.ArrayList<>();
    try (BarrierEngine engine = new BarrierEngine(sc, sc.parallelize(data, 2), initial, options)) {
      assertTrue(engine.keepWorkers(evaluator.target(), List.of(validation, validation)));
      int stagesAtStart = submittedStages();
      for (int epoch = 0; epoch < 3; epoch++) {
        // No Spark job of the test's own until the workers are released: they hold the slots.
        scores.add(engine.trainEpoch(epoch, RoundListener.NONE).scores());
        models.add(Networks.copy(engine.network()));
      }
      barrierStages = submittedStages() - stagesAtStart;
      engine.releaseWorkers();
      kept = new float[][] {engine.model().params().toFloatVector(),
          MultiLayerReplica.updaterState(engine.model())};
    }
    for (int epoch = 0; epoch < 3; epoch++) {
      EvalResult expected = evaluator.evaluate(models.get(epoch), validation);
      assertEquals(2, scores.get(epoch).size());
      for (EvalResult scored : scores.get(epoch)) {
        assertEquals(held.size(), scored.examples());
        assertEquals(expected.accuracy(), scored.accuracy(), "epoch " + (epoch + 1));
        assertEquals(expected.meanLoss(), scored.meanLoss(), 1e-6, "epoch " + (epoch + 1));
      }
    }
    assertArrayEquals(perEpoch[0], kept[0]);
    assertArrayEquals(perEpoch[1], kept[1]);
    assertTrue(barrierStages <= 2, "three epochs in one training stage (and the evaluation "
        + "splits' shuffle), yet " + barrierStages + " stages");
  }

  /**
   * A task that fails in an epoch of a kept stage: the retried attempt resumes there, in the
   * first epoch from the stage's broadcast (the orders that {@code SpanGateTest} shows going
   * without the state), in the second from the state its orders carry.
   */
  @ParameterizedTest
  @ValueSource(strings = {"throw@0/2/1", "throw@1/2/1"})
  void aKeptStageRetriedMidRunGivesTheSameModel(String failure) throws Exception {
    List<Example> data = SyntheticData.blobs(200, 15);
    float[][] clean = train(data, 3, true);
    sc.setLocalProperty(FailurePoint.CONF_KEY, failure);
    int before = retriedStages();
    float[][] retried;
    try (BarrierEngine engine = keptEngine(data)) {
      for (int epoch = 0; epoch < 3; epoch++) {
        engine.trainEpoch(epoch, RoundListener.NONE);
      }
      retried = released(engine);
    }
    assertEquals(before + 1, retriedStages(), "the injected failure must cost one retry");
    assertArrayEquals(clean[0], retried[0]);
    assertArrayEquals(clean[1], retried[1]);
  }

  /**
   * A task of a kept stage lost between two epochs, while it waits for orders (an executor lost
   * then, say): the driver hears of it from Spark's listener bus and starts the next epoch in a
   * new stage, with every attempt Spark allows one, rather than in the retried attempt, whose
   * stage has one failure spent. The model is the one without the loss, bit for bit.
   */
  @Test
  void aTaskLostBetweenEpochsLeavesTheNextEpochANewStage() throws Exception {
    List<Example> data = SyntheticData.blobs(200, 15);
    float[][] clean = train(data, 3, true);
    float[][] lost;
    try (BarrierEngine engine = keptEngine(data)) {
      engine.trainEpoch(0, RoundListener.NONE);
      int retried = retriedStages();
      int submitted = submittedStages();
      // The kept stage's two tasks wait for epoch 2's orders; Spark fails a barrier stage whose
      // task is killed, and retries it.
      assertEquals(2, RUNNING_TASKS.size(), "the kept stage's tasks, waiting");
      sc.sc().killTaskAttempt(RUNNING_TASKS.iterator().next(), false, "lost between epochs");
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (retriedStages() == retried && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(retried + 1, retriedStages(), "the killed task must cost one retry");
      engine.trainEpoch(1, RoundListener.NONE);
      assertEquals(submitted + 2, submittedStages(), "the retried attempt, told to stop, and "
          + "the new stage that trained epoch 2");
      engine.trainEpoch(2, RoundListener.NONE);
      lost = released(engine);
    }
    sc.sc().listenerBus().waitUntilEmpty();
    assertEquals(0, RUNNING_TASKS.size(), "no task of either stage left running");
    assertArrayEquals(clean[0], lost[0]);
    assertArrayEquals(clean[1], lost[1]);
  }

  /** An engine over {@code data} in two shards, as {@code train} makes one, keeping its workers. */
  private static BarrierEngine keptEngine(List<Example> data) {
    MultiLayerNetwork initial = SyntheticData.network(new Adam(0.02), SEED, 0.3);
    EngineOptions options = new EngineOptions(8, 3, SyntheticData.CLASSES, SEED, true);
    BarrierEngine engine = new BarrierEngine(sc, sc.parallelize(data, 2), initial, options);
    assertTrue(engine.keepWorkers(Target.classes(SyntheticData.CLASSES),
        List.of(sc.parallelize(data, 2))));
    return engine;
  }

  /** Releases the engine's workers and returns its model's parameters and updater state. */
  private static float[][] released(BarrierEngine engine) {
    engine.releaseWorkers();
    return new float[][] {engine.model().params().toFloatVector(),
        MultiLayerReplica.updaterState(engine.model())};
  }

  /**
   * Short of a slot per worker, kept workers give way to engine v1 for the epoch: it trains, and
   * comes unscored, so that the caller runs the evaluation job (the workers hold no slot then).
   */
  @Test
  void keptWorkersShortOfSlotsTrainTheEpochInRoundsUnscored() {
    List<Example> data = SyntheticData.blobs(200, 16);
    sc.setLocalProperty(BarrierEngine.SLOT_WAIT_KEY, "0s");
    MultiLayerNetwork initial = SyntheticData.network(new Adam(0.02), SEED, 0.3);
    EngineOptions options = new EngineOptions(8, 3, SyntheticData.CLASSES, SEED, true);
    // Three workers on local[2]'s two slots.
    try (BarrierEngine engine = new BarrierEngine(sc, sc.parallelize(data, 3), initial, options)) {
      float[] before = engine.model().params().toFloatVector();
      assertTrue(engine.keepWorkers(Target.classes(SyntheticData.CLASSES),
          List.of(sc.parallelize(data, 2))));
      EpochResult result = engine.trainEpoch(0, RoundListener.NONE);
      assertEquals(data.size(), result.examples());
      assertTrue(result.scores().isEmpty(), "scored by nobody: the caller evaluates");
      assertFalse(java.util.Arrays.equals(before, engine.model().params().toFloatVector()));
      engine.releaseWorkers();
    } finally {
      sc.setLocalProperty(BarrierEngine.SLOT_WAIT_KEY, null);
    }
  }

  /** Trains with the failure set up by the caller, and checks that exactly one stage was retried. */
  private static float[][] trainWithOneRetry(List<Example> data, int epochs) {
    int before = RETRIED_STAGES.get();
    float[][] trained = train(data, epochs, true);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (RETRIED_STAGES.get() == before && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(before + 1, RETRIED_STAGES.get(), "the injected failure must cost one retry");
    return trained;
  }

  private static float[][] train(List<Example> data, int epochs, boolean barrier) {
    MultiLayerNetwork initial = SyntheticData.network(new Adam(0.02), SEED, 0.3);
    EngineOptions options = new EngineOptions(8, 3, SyntheticData.CLASSES, SEED, true);
    try (TrainingEngine engine = barrier
        ? new BarrierEngine(sc, sc.parallelize(data, 2), initial, options)
        : new AveragingEngine(sc, sc.parallelize(data, 2), initial, options)) {
      for (int epoch = 0; epoch < epochs; epoch++) {
        engine.trainEpoch(epoch, RoundListener.NONE);
      }
      return new float[][] {
          engine.model().params().toFloatVector(),
          MultiLayerReplica.updaterState(engine.model())};
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
