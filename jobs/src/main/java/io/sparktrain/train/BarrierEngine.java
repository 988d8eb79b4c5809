package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.exchange.Endpoint;
import io.sparktrain.exchange.Handback;
import io.sparktrain.exchange.Rendezvous;
import io.sparktrain.exchange.RoundProgress;
import io.sparktrain.spec.TrainingException;
import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.worker.EpochOutcome;
import io.sparktrain.train.worker.HeldState;
import io.sparktrain.train.worker.EpochPlan;
import io.sparktrain.train.worker.EpochTask;
import io.sparktrain.train.worker.ExchangeSecret;
import io.sparktrain.train.worker.FailurePoint;
import io.sparktrain.train.worker.Handout;
import io.sparktrain.train.worker.Orders;
import io.sparktrain.train.worker.SpanGate;
import io.sparktrain.train.worker.SpanInput;
import io.sparktrain.train.worker.SpanTask;
import io.sparktrain.train.worker.StageSettings;
import io.sparktrain.train.replica.StateDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.storage.StorageLevel;
import io.sparktrain.train.replica.Replica;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;
import scala.reflect.ClassTag$;

/**
 * sparktrain's engine v2: one Spark stage per epoch, in barrier mode, whose tasks average
 * parameters and updater state among themselves every k steps. The driver sees only the stage
 * start and end (and progress); the averaging runs through shared memory between the tasks of one
 * executor and a TCP ring between executors ({@link io.sparktrain.exchange.TaskExchange}).
 *
 * <p>Failure: a task that fails or is killed closes its sockets, or stops answering for the
 * exchange timeout ({@code spark.sparktrain.exchangeTimeout}, seconds, default 300), so its peers
 * fail too and the stage fails within that time. Spark then retries the whole stage (the barrier
 * stage is a shuffle map stage so that it can be retried, up to
 * {@code spark.stage.maxConsecutiveAttempts}), and every task restarts from the epoch's starting
 * state with the same seeds: the retried epoch gives the same model.
 *
 * <p>The starting state: the first epoch broadcasts it. Every task ends an epoch holding the
 * averaged state the driver goes on from, so later epochs send only its digest
 * ({@link HeldState}); a task whose replica does not hold it (a retried attempt, an executor
 * that is new or lost its replica) fetches it from the driver's rendezvous. An encrypting
 * exchange broadcasts it every epoch, as that connection is not encrypted.
 *
 * <p>A barrier stage needs a free slot for every worker at once. When the cluster has fewer (at
 * the start, or after an executor is lost and not replaced, for longer than
 * {@code spark.sparktrain.slotWait}, default 30 s), that epoch runs on engine v1
 * ({@link AveragingEngine}, one Spark job per round), which needs only one.
 */
public final class BarrierEngine implements TrainingEngine {

  static final String TIMEOUT_KEY = "spark.sparktrain.exchangeTimeout";
  static final String PORT_KEY = "spark.sparktrain.rendezvousPort";
  static final String SLOT_WAIT_KEY = "spark.sparktrain.slotWait";
  static final String EXCHANGE_KEY = "spark.sparktrain.exchange";
  static final String RING_PORTS_KEY = "spark.sparktrain.ringPorts";
  static final String ENCRYPTION_KEY = "spark.sparktrain.exchangeEncryption";
  static final String SPARK_ENCRYPTION_KEY = "spark.network.crypto.enabled";
  /** Whether {@link #keepWorkers} may train several epochs in one barrier stage (default true). */
  public static final String KEEP_WORKERS_KEY = "spark.sparktrain.keepWorkers";
  /** How long a connection to the rendezvous may take to prove the secret. */
  private static final int HANDSHAKE_MILLIS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(BarrierEngine.class);

  private final JavaSparkContext sc;
  private final JavaRDD<Example> shards;
  private final EngineOptions options;
  private final ReplicaRecipe recipe;
  /** A MultiLayerNetwork or a ComputationGraph. */
  private final Model model;
  private final Replica driver;
  private final long[] shardSizes;
  private final Rendezvous rendezvous;
  private final int timeoutMillis;
  private final FailurePoint failure;
  private final long slotWaitMillis;
  private final ExchangeSecret secret;
  private final Endpoint ringPorts;
  private final SpanFailures spanFailures = new SpanFailures();
  private GlobalState state;
  private double rateScale = 1.0;
  /**
   * Whether every task ended the last epoch holding {@link #state}: then this epoch broadcasts
   * nothing, and a task that lost its replica fetches the state from the rendezvous.
   */
  private boolean stateOnExecutors;
  private int broadcasts;
  private boolean slotsLost;
  /** Engine v1 on the same shards and model, built at the first epoch that needs it. */
  private AveragingEngine rounds;
  /** Whether epochs run in several-epoch stages ({@link #keepWorkers}). */
  private boolean keepsWorkers;
  /** How those stages' tasks score the evaluation splits. */
  private ReplicaScorer scorer;
  /** The evaluation splits, tagged with their index, one partition per worker; null for none. */
  private JavaRDD<Tuple2<Integer, Example>> scored;
  /** The several-epoch stage now running, or null. */
  private Span span;
  /** The last epoch posted to it. */
  private int spanEpoch = -1;

  /** Several-epoch stages started, which numbers their names. */
  private int spans;

  /**
   * A running several-epoch barrier stage: its name at the rendezvous, its gate, its job, and the
   * broadcast of its first state (null when the replicas held it).
   */
  private record Span(String name, SpanGate gate, JavaFutureAction<?> job,
      Broadcast<GlobalState> start) {}

  /**
   * @param shards training examples, one partition per worker
   * @param initial the network to start from (its parameters, updater state and iteration count)
   */
  public BarrierEngine(JavaSparkContext sc, JavaRDD<Example> shards, Model initial,
      EngineOptions options) {
    this.sc = sc;
    this.shards = shards.persist(StorageLevel.MEMORY_AND_DISK());
    this.options = options;
    this.model = initial;
    this.recipe = ReplicaRecipe.of(sc, initial, options.target());
    this.driver = ReplicaRecipe.driverOf(initial);
    this.state = driver.capture();
    this.shardSizes = EpochPlan.shardSizes(this.shards);
    EpochPlan.maxSteps(shardSizes, options.batchSize());
    this.timeoutMillis =
        Math.toIntExact(JavaUtils.timeStringAsSec(setting(TIMEOUT_KEY, "300s")) * 1000);
    this.failure = FailurePoint.parse(setting(FailurePoint.CONF_KEY, ""));
    this.slotWaitMillis = 1000 * JavaUtils.timeStringAsSec(setting(SLOT_WAIT_KEY, "30s"));
    this.secret = ExchangeSecret.forRun();
    this.ringPorts = Endpoint.parse("", setting(RING_PORTS_KEY, ""), RING_PORTS_KEY);
    String host = sc.getConf().get("spark.driver.host", "localhost");
    this.rendezvous = Rendezvous.start(
        Endpoint.parse(sc.getConf().get("spark.driver.bindAddress", host),
            setting(PORT_KEY, "0"), PORT_KEY),
        host, secret.bytes(), HANDSHAKE_MILLIS);
    sc.sc().addSparkListener(spanFailures);
  }

  @Override
  public EpochResult trainEpoch(int epoch, RoundListener progress) {
    if (keepsWorkers) {
      return trainEpochInSpan(epoch, progress);
    }
    // Once short of slots, later epochs look without waiting: a cluster-mode driver that holds
    // one of the cluster's cores, say, leaves the workers short for the whole run.
    if (!awaitSlots(slotsLost ? 0 : slotWaitMillis)) {
      slotsLost = true;
      return trainEpochInRounds(epoch, progress);
    }
    slotsLost = false;
    long start = System.nanoTime();
    EpochPlan plan = options.plan(epoch, shardSizes);
    StageSettings stage = new StageSettings(recipe.runId() + "/epoch-" + (epoch + 1),
        rendezvous.address(), timeoutMillis, failure,
        StageSettings.Mode.parse(setting(EXCHANGE_KEY, "auto"), EXCHANGE_KEY), ringPorts, secret,
        encrypts());
    GlobalState starting = state.withRateScale(rateScale);
    // Serialising the state into a broadcast costs 15-47 ms an epoch for the MLP
    // (docs/performance.md) when no task reads it. An encrypting exchange keeps the broadcast:
    // the rendezvous connection that hands the state out is not encrypted.
    boolean broadcast = stage.encrypt() || !stateOnExecutors;
    Broadcast<GlobalState> startState = broadcast ? sc.broadcast(starting) : null;
    broadcasts += broadcast ? 1 : 0;
    HeldState held = HeldState.of(starting);
    long staged = System.nanoTime();
    EpochOutcome outcome = null;
    rendezvous.open(stage.name(), workers(), state.params().length
        + (long) state.updaterState().length, stage.encrypt() ? null : Handout.of(starting));
    try {
      rendezvous.reportTo((round, rounds, done, loss, seconds) ->
          progress.onRound(epoch, round, rounds, done, loss, seconds));
      outcome = runStage(plan, stage, startState, held);
    } catch (SlotsLostException e) {
      slotsLost = true;
    } finally {
      rendezvous.reportTo(RoundProgress.NONE);
      rendezvous.forget(stage.name());
      if (startState != null) {
        startState.destroy(false);
      }
    }
    if (outcome == null) {
      return trainEpochInRounds(epoch, progress);
    }
    if (outcome.divergedRound() >= 0) {
      throw new DivergedException(outcome.divergedLoss(), epoch, outcome.divergedRound());
    }
    long ended = System.nanoTime();
    state = outcome.state();
    stateOnExecutors = true;
    driver.load(state, epoch + 1);
    if (LOG.isDebugEnabled()) {
      LOG.debug(String.format("epoch %d: %s %.3f s, stage and outcome %.3f s, driver load "
          + "%.3f s", epoch + 1, broadcast ? "broadcast" : "no broadcast (held)",
          (staged - start) / 1e9, (ended - staged) / 1e9, seconds(ended)));
    }
    return new EpochResult(outcome.examples(), outcome.lossSum() / Math.max(1, outcome.examples()),
        state.iteration(), outcome.rounds(), seconds(start), plan.batchSize());
  }

  /**
   * Trains several epochs in one barrier stage and scores the evaluation splits on the workers
   * after each (docs/architecture.md): the driver saves the 50-90 ms of Spark's job and stage
   * that every epoch's stage costs, and the evaluation's job. The stage is started at the first
   * epoch, or again after it ended (divergence, lost slots, a failure); later epochs post their
   * orders to the waiting tasks.
   */
  private EpochResult trainEpochInSpan(int epoch, RoundListener progress) {
    boolean lostATask = span != null && spanFailures.lostATask(span.name());
    if (span != null && (span.gate().attempt() > 0 || lostATask || span.job().isDone()
        || epoch <= spanEpoch)) {
      // Spark resets a stage's count of failed attempts only when it succeeds: a stage that was
      // retried, or lost a task between epochs and is about to be, ends here, so that every
      // epoch has the attempts one stage an epoch had. So does one whose job ended between
      // epochs, and one asked for an epoch it has run.
      if (span.job().isDone() && !span.gate().stopped()) {
        LOG.warn("the training stage {} ended between epochs; epoch {} starts a new one",
            span.name(), epoch + 1);
      }
      endSpan(lostATask);
    }
    GlobalState starting = state.withRateScale(rateScale);
    long digest = StateDigest.of(starting);
    if (span == null) {
      if (!awaitSlots(slotsLost ? 0 : slotWaitMillis)) {
        slotsLost = true;
        return trainEpochInRounds(epoch, progress);
      }
      slotsLost = false;
    }
    // Timed as one stage an epoch is: from its broadcast and submission (a span's first epoch)
    // to the driver holding the state, whose load is added below; not the scoring after it.
    long start = System.nanoTime();
    if (span == null) {
      span = startSpan(epoch, starting, digest);
    }
    spanEpoch = epoch;
    EpochPlan plan = options.plan(epoch, shardSizes);
    Span running = span;
    SpanGate.Epoch done;
    rendezvous.reportTo((round, rounds, examples, loss, seconds) ->
        progress.onRound(epoch, round, rounds, examples, loss, seconds));
    try {
      running.gate().post(new Orders(plan, digest, starting.iteration(),
          rateScale, starting));
      done = await(running.job(), millis -> {
        SpanGate.Epoch epochDone = running.gate().awaitEpoch(epoch, millis);
        if (epochDone == null && running.job().isDone()) {
          running.job().get();
          throw new TrainingException("the training stage " + running.name()
              + " ended before epoch " + (epoch + 1) + "'s outcome");
        }
        return epochDone;
      });
    } catch (SlotsLostException e) {
      endSpan();
      slotsLost = true;
      return trainEpochInRounds(epoch, progress);
    } catch (RuntimeException | Error e) {
      endSpan();
      throw e;
    } finally {
      rendezvous.reportTo(RoundProgress.NONE);
    }
    EpochOutcome outcome = done.outcome();
    if (outcome.divergedRound() >= 0) {
      endSpan();
      throw new DivergedException(outcome.divergedLoss(), epoch, outcome.divergedRound());
    }
    long loadFrom = System.nanoTime();
    state = outcome.state();
    stateOnExecutors = true;
    driver.load(state, epoch + 1);
    if (running.start() != null) {
      // Read by the first attempt's first epoch only; a retry fetches it again if it must.
      running.start().unpersist(false);
    }
    double seconds = (done.outcomeNanos() - start + System.nanoTime() - loadFrom) / 1e9;
    if (LOG.isDebugEnabled()) {
      LOG.debug(String.format("epoch %d in %s: outcome after %.3f s, scores after %.3f s",
          epoch + 1, running.name(), seconds, seconds(start)));
    }
    return new EpochResult(outcome.examples(), outcome.lossSum() / Math.max(1, outcome.examples()),
        state.iteration(), outcome.rounds(), seconds, plan.batchSize(),
        scored == null ? List.of() : scorer.merge(done.scores()));
  }

  /** Opens a several-epoch stage at the rendezvous and submits its job, from {@code epoch} on. */
  private Span startSpan(int epoch, GlobalState starting, long digest) {
    spans++;
    StageSettings stage = new StageSettings(
        recipe.runId() + "/stage-" + spans + "-from-epoch-" + (epoch + 1),
        rendezvous.address(), timeoutMillis, failure,
        StageSettings.Mode.parse(setting(EXCHANGE_KEY, "auto"), EXCHANGE_KEY), ringPorts, secret,
        false);
    Broadcast<GlobalState> startState = stateOnExecutors ? null : sc.broadcast(starting);
    broadcasts += startState == null ? 0 : 1;
    try {
      SpanGate gate = new SpanGate(workers(),
          startState == null ? OptionalLong.empty() : OptionalLong.of(digest));
      rendezvous.open(stage.name(), workers(),
          state.params().length + (long) state.updaterState().length, null, gate);
      JavaRDD<SpanInput> inputs = scored == null
          ? shards.mapPartitions(shard -> List.of(new SpanInput(shard,
              Collections.<Tuple2<Integer, Example>>emptyIterator())).iterator())
          : shards.zipPartitions(scored, (shard, slice) -> List.of(new SpanInput(shard, slice))
              .iterator());
      JavaPairRDD<Integer, EpochOutcome> toDriver = inBarrierStage(inputs,
          new SpanTask(recipe, scored == null ? null : scorer, stage, startState, digest));
      // The stage's job carries the span's name, by which spanFailures knows its stage.
      String outer = sc.getLocalProperty(SpanFailures.PROPERTY);
      spanFailures.watch(stage.name());
      sc.setLocalProperty(SpanFailures.PROPERTY, stage.name());
      try {
        return new Span(stage.name(), gate, MapStage.submit(sc.sc(), toDriver), startState);
      } finally {
        sc.setLocalProperty(SpanFailures.PROPERTY, outer);
      }
    } catch (RuntimeException e) {
      rendezvous.forget(stage.name());
      spanFailures.forget(stage.name());
      destroyQuietly(startState, stage.name());
      throw e;
    }
  }

  /**
   * Tells the running several-epoch stage's tasks to stop, and waits until its job has ended and
   * given back the slots: tasks told to stop end at once, but a retried attempt may still wait
   * for slots, so after {@code slotWait} the job is cancelled. Quiet about how it ended, which
   * whoever ends it has seen.
   */
  private void endSpan() {
    endSpan(false);
  }

  /**
   * As {@link #endSpan()}; when the stage lost a task between epochs and its slots are gone (an
   * executor lost), its retried attempt cannot launch, and is cancelled at once: waiting for it
   * here would make the run wait for slots twice, here and before the next epoch. Between epochs
   * no task of the stage trains, so none outlives the cancel on a replica the next stage takes.
   */
  private void endSpan(boolean lostATask) {
    if (span == null) {
      return;
    }
    Span ending = span;
    span = null;
    ending.gate().stop();
    if (lostATask && !ending.job().isDone() && slots() < workers() && started(ending.job())) {
      ending.job().cancel(true);
    }
    try {
      ending.job().get(Math.max(slotWaitMillis, 1_000), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      ending.job().cancel(true);
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      LOG.warn("the training stage {} did not end within {} ms of its stop; cancelled",
          ending.name(), Math.max(slotWaitMillis, 1_000));
      ending.job().cancel(true);
    } catch (ExecutionException | java.util.concurrent.CancellationException e) {
      LOG.debug("the training stage {} ended: {}", ending.name(), e.toString());
    } finally {
      rendezvous.forget(ending.name());
      spanFailures.forget(ending.name());
      destroyQuietly(ending.start(), ending.name());
    }
  }

  /**
   * Destroys a stage's broadcast of its first state, if it has one. A SparkContext stopping or
   * stopped under the run (SIGTERM) refuses, with a checked SparkException or a
   * NullPointerException; the error that ended the stage, if any, is the one to report.
   */
  private static void destroyQuietly(Broadcast<GlobalState> start, String stage) {
    if (start == null) {
      return;
    }
    try {
      start.destroy(false);
    } catch (Exception e) {
      LOG.debug("the first state's broadcast of {} not destroyed: {}", stage, e.toString());
    }
  }

  /**
   * Engine v2 keeps its workers unless the exchange encrypts (the orders carry the state over the
   * rendezvous connection, which does not) or {@code spark.sparktrain.keepWorkers} is false.
   */
  @Override
  public boolean keepWorkers(Target target, List<JavaRDD<Example>> splits) {
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("keepWorkers needs the splits to score: an epoch "
          + "without scores tells the caller to run its own evaluation job");
    }
    releaseWorkers();
    if (encrypts() || !Boolean.parseBoolean(setting(KEEP_WORKERS_KEY, "true"))) {
      return false;
    }
    scorer = new ReplicaScorer(target, splits.size());
    List<JavaRDD<Tuple2<Integer, Example>>> tagged = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      int index = i;
      tagged.add(splits.get(i).map(example -> new Tuple2<>(index, example)));
    }
    @SuppressWarnings("unchecked")
    JavaRDD<Tuple2<Integer, Example>> all = tagged.size() == 1 ? tagged.get(0)
        : sc.union(tagged.toArray(new JavaRDD[0]));
    scored = all.repartition(workers()).persist(StorageLevel.MEMORY_AND_DISK());
    // Shuffled and cached now, before the workers are kept: it is the evaluation's cost, not
    // the first epoch's.
    scored.count();
    keepsWorkers = true;
    return true;
  }

  @Override
  public void releaseWorkers() {
    endSpan();
    keepsWorkers = false;
    if (scored != null) {
      scored.unpersist(false);
      scored = null;
    }
  }

  /**
   * The barrier stage, run as the map stage of a one-partition shuffle: Spark retries a failed
   * barrier stage only when it is a shuffle map stage, never when it is a job's result stage. The
   * job ends with that stage ({@code submitMapStage}), and the outcome comes from rank 0's
   * handback. Only where rank 0 could not hand it back (an encrypting exchange, a broken
   * connection) does a second job read it from the shuffle, which runs the map stage again only
   * if its output was lost; the result stage it needs cost 30-40 ms an epoch in every stage
   * before (docs/performance.md).
   */
  private EpochOutcome runStage(
      EpochPlan plan, StageSettings stage, Broadcast<GlobalState> startState, HeldState held) {
    JavaPairRDD<Integer, EpochOutcome> toDriver =
        inBarrierStage(shards, new EpochTask(recipe, startState, held, plan, stage));
    await(MapStage.submit(sc.sc(), toDriver));
    Handback handedBack = rendezvous.takeHandback(stage.name());
    if (handedBack != null) {
      return EpochOutcome.of(handedBack);
    }
    List<EpochOutcome> outcomes = await(toDriver.values().collectAsync());
    if (outcomes.size() != 1) {
      throw new IllegalStateException("expected one epoch outcome, from rank 0; found "
          + outcomes.size() + " and no handback");
    }
    return outcomes.get(0);
  }

  /**
   * {@code task} over {@code input}'s partitions in barrier mode, as the map stage of a
   * one-partition shuffle (see {@link #runStage} for why), ready for {@link MapStage#submit}.
   */
  private static <T> JavaPairRDD<Integer, EpochOutcome> inBarrierStage(JavaRDD<T> input,
      AbstractFunction1<Iterator<T>, Iterator<EpochOutcome>> task) {
    JavaRDD<EpochOutcome> trained = JavaRDD.fromRDD(input.rdd().barrier()
        .mapPartitions(task, false, ClassTag$.MODULE$.apply(EpochOutcome.class)),
        ClassTag$.MODULE$.apply(EpochOutcome.class));
    return trained.mapToPair(outcome -> new Tuple2<>(0, outcome))
        .partitionBy(new HashPartitioner(1));
  }

  /**
   * Waits for the stage, watching the cluster's task slots: a retried barrier stage that lacks a
   * slot per worker (an executor was lost and not replaced) would otherwise wait for ever.
   */
  private <T> T await(JavaFutureAction<T> running) {
    return await(running, millis -> {
      try {
        return running.get(millis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        return null;
      }
    });
  }

  /** What a wait for the stage polls: its result, or null when it has none yet. */
  @FunctionalInterface
  private interface Poll<T> {
    T poll(long millis) throws InterruptedException, ExecutionException;
  }

  /** As {@link #await(JavaFutureAction)}, until {@code ready} gives a result. */
  private <T> T await(JavaFutureAction<?> running, Poll<T> ready) {
    long shortSince = -1;
    while (true) {
      try {
        T result = ready.poll(500);
        if (result != null) {
          return result;
        }
        long now = System.nanoTime();
        if (slots() >= workers() || !started(running)) {
          // A job Spark has not started yet is still in its own slot check, which ends in a
          // failure we catch below; cancelling it there would crash Spark's scheduler.
          shortSince = -1;
        } else if (shortSince < 0) {
          shortSince = now;
        } else if ((now - shortSince) / 1_000_000 > slotWaitMillis) {
          running.cancel(true);
          throw new SlotsLostException();
        }
      } catch (InterruptedException e) {
        running.cancel(true);
        Thread.currentThread().interrupt();
        throw new TrainingException("interrupted while training", e);
      } catch (ExecutionException e) {
        if (lacksSlots(e.getCause())) {
          throw new SlotsLostException();
        }
        throw e.getCause() instanceof RuntimeException r ? r : new TrainingException(
            "the training stage failed: " + e.getCause(), e.getCause());
      }
    }
  }

  private boolean started(JavaFutureAction<?> running) {
    List<Integer> ids = running.jobIds();
    return !ids.isEmpty() && sc.statusTracker().getJobInfo(ids.get(ids.size() - 1)) != null;
  }

  /** Spark's own refusal to start a barrier stage without a slot per task. */
  private static boolean lacksSlots(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals("BarrierJobSlotsNumberCheckFailed")
          || String.valueOf(t.getMessage()).contains("SPARK-24819")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Engine v1 for one epoch, when the cluster cannot run every worker at once: it needs no more
   * than one free slot, and continues from the same state.
   */
  private EpochResult trainEpochInRounds(int epoch, RoundListener progress) {
    LOG.warn("only {} task slots for {} workers: epoch {} averages with one Spark job per round",
        slots(), workers(), epoch + 1);
    // One instance for the run: closing it would unpersist the shards this engine still uses.
    if (rounds == null) {
      rounds = new AveragingEngine(sc, shards, model, options);
    } else {
      rounds.startFrom(driver.capture());
    }
    rounds.setRateScale(rateScale);
    EpochResult result = rounds.trainEpoch(epoch, progress);
    state = driver.capture();
    stateOnExecutors = false;
    return result;
  }

  /** Waits up to {@code millis} for a slot per worker, as executors register or come back. */
  private boolean awaitSlots(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (slots() < workers()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private int slots() {
    SparkContext context = sc.sc();
    return context.maxNumConcurrentTasks(
        context.resourceProfileManager().defaultResourceProfile());
  }

  private int workers() {
    return shards.getNumPartitions();
  }

  /** The running stage cannot get a slot per worker any more. */
  private static final class SlotsLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @Override
  public void setRateScale(double scale) {
    rateScale = scale;
  }

  @Override
  public double rateScale() {
    return rateScale;
  }

  @Override
  public GlobalState snapshot() {
    return state;
  }

  @Override
  public void restore(GlobalState saved) {
    state = saved;
    stateOnExecutors = false;
    driver.load(saved, Networks.epochCount(model));
  }

  @Override
  public MultiLayerNetwork model() {
    return Networks.stack(model);
  }

  @Override
  public Model network() {
    return model;
  }

  /** Epochs whose starting state was broadcast, for tests: the first, and few others. */
  int broadcasts() {
    return broadcasts;
  }

  /** Starting states the rendezvous handed to tasks that did not hold them, for tests. */
  long handouts() {
    return rendezvous.handouts();
  }

  @Override
  public long bytesPerRound() {
    return state.bytes();
  }

  @Override
  public void close() {
    try {
      releaseWorkers();
    } finally {
      // The listener and the driver's sockets go even when the stage's end failed; what needs
      // Spark's jobs, below, only after a clean end.
      sc.sc().removeSparkListener(spanFailures);
      rendezvous.close();
    }
    if (rounds != null) {
      rounds.close();
    }
    recipe.release(shards);
    shards.unpersist(false);
  }


  /** Spark's RPC encryption switches the ring's on too; sparktrain's key also works alone. */
  private boolean encrypts() {
    return Boolean.parseBoolean(setting(ENCRYPTION_KEY, "false"))
        || Boolean.parseBoolean(setting(SPARK_ENCRYPTION_KEY, "false"));
  }

  /** A thread's local property (what tests set) before the Spark conf (what spark-submit sets). */
  private String setting(String key, String fallback) {
    String local = sc.getLocalProperty(key);
    return local != null ? local : sc.getConf().get(key, fallback);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
