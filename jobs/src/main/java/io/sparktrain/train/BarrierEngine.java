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
import io.sparktrain.train.worker.StageSettings;
import java.util.List;
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
  }

  @Override
  public EpochResult trainEpoch(int epoch, RoundListener progress) {
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
    EpochTask task = new EpochTask(recipe, startState, held, plan, stage);
    JavaRDD<EpochOutcome> trained = JavaRDD.fromRDD(shards.rdd().barrier()
        .mapPartitions(task, false, ClassTag$.MODULE$.apply(EpochOutcome.class)),
        ClassTag$.MODULE$.apply(EpochOutcome.class));
    JavaPairRDD<Integer, EpochOutcome> toDriver = trained
        .mapToPair(outcome -> new Tuple2<>(0, outcome))
        .partitionBy(new HashPartitioner(1));
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
   * Waits for the stage, watching the cluster's task slots: a retried barrier stage that lacks a
   * slot per worker (an executor was lost and not replaced) would otherwise wait for ever.
   */
  private <T> T await(JavaFutureAction<T> running) {
    long shortSince = -1;
    while (true) {
      try {
        return running.get(500, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
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
    rendezvous.close();
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
