package io.sparktrain.train.worker;

import io.sparktrain.data.Example;
import io.sparktrain.exchange.SharedFileSum;
import io.sparktrain.exchange.TaskExchange;
import io.sparktrain.train.replica.GlobalState;
import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * One task of engine v2's barrier stage for an epoch: it loads the epoch's starting state into its
 * replica, then trains round after round, averaging parameters and updater state with the other
 * tasks after every round without the driver in between. Every task starts from the epoch's
 * state (held from the last epoch, broadcast, or handed out by the driver) and derives its
 * shuffle and dropout seeds from (epoch, round, partition), so a retried stage repeats the
 * failed one exactly. Rank 0 hands the epoch's {@link EpochOutcome} to the
 * driver over the exchange, or returns it through Spark where it cannot.
 */
public final class EpochTask extends AbstractFunction1<Iterator<Example>, Iterator<EpochOutcome>>
    implements Serializable {

  private static final long serialVersionUID = 1L;
  /**
   * At debug level, each task's split of its epoch: preparing (replica, state, exchange), steps,
   * averaging with the wait for the slowest task. Where a worker's time goes (docs/performance.md).
   */
  private static final Logger LOG = LoggerFactory.getLogger(EpochTask.class);

  private final ReplicaSource source;
  private final Broadcast<GlobalState> start;
  private final HeldState held;
  private final EpochPlan plan;
  private final StageSettings stage;

  /**
   * @param start the averaged state the epoch starts from, the same for every task; null when
   *     the driver expects every replica to hold it, and hands it out over the rendezvous to any
   *     that does not
   * @param held what a task whose replica already holds that state needs instead of it
   */
  public EpochTask(ReplicaSource source, Broadcast<GlobalState> start, HeldState held,
      EpochPlan plan, StageSettings stage) {
    this.source = source;
    this.start = start;
    this.held = held;
    this.plan = plan;
    this.stage = stage;
  }

  @Override
  public Iterator<EpochOutcome> apply(Iterator<Example> partition) {
    long began = System.nanoTime();
    BarrierTaskContext context = BarrierTaskContext.get();
    int rank = context.partitionId();
    source.enterTask();
    Resident resident =
        ReplicaCache.get(source, rank, JavaConverters.asJavaIterator(partition));
    int attempt = context.stageAttemptNumber();
    TaskExchange.Identity me = new TaskExchange.Identity(stage.name(), attempt, rank,
        context.getTaskInfos().length,
        SparkEnv.get().executorId() + (stage.mode().taskPerPeer() ? "@" + rank : ""),
        stage.ringPorts().at(executorAddress()));
    TaskExchange.Protection protection =
        new TaskExchange.Protection(stage.secret().bytes(), stage.encrypt());
    boolean resumed = resident.startsFrom(held.digest());
    if (resumed) {
      // The replica ended the last epoch with this very state: no fetch of the broadcast (the
      // whole state, from the driver, on a cluster) and no copy into the replica.
      resident.replica().resume(plan.epoch(), held.rateScale());
    } else {
      resident.replica().load(start != null ? start.value()
          : Handout.read(TaskExchange.fetchStart(stage.rendezvous(), me, protection,
              resident.replica().stateLength(), stage.timeoutMillis())), plan.epoch());
    }
    TaskExchange.Sharing sharing = stage.mode().sharedFile()
        ? new TaskExchange.Sharing(SharedFileSum.DEFAULT_DIR,
            StateExchange.slotLength(resident.replica()), source.runId())
        : TaskExchange.Sharing.RING;
    boolean finished = false;
    try (TaskExchange exchange = TaskExchange.join(stage.rendezvous(), me, protection, sharing,
        stage.timeoutMillis())) {
      EpochRounds.Tally tally = EpochRounds.train(context, resident, exchange, plan,
          stage.failure(), held.iteration(), began, resumed);
      if (rank != 0) {
        exchange.finished();
        finished = true;
        return JavaConverters.asScalaIterator(Collections.<EpochOutcome>emptyIterator());
      }
      // Only rank 0 copies the state out: every task holds the same, and the driver needs one.
      long trained = System.nanoTime();
      EpochOutcome outcome = tally.outcome(resident.replica().capture());
      // It goes to the driver over the exchange when it can (see Handback): then the stage's
      // shuffle carries nothing.
      boolean handedBack = exchange.handBack(outcome.handback(), stage.timeoutMillis());
      exchange.finished();
      finished = true;
      if (LOG.isDebugEnabled()) {
        LOG.debug(String.format("epoch %d task 0: outcome %s in %.3f s", plan.epoch() + 1,
            handedBack ? "handed back" : "returned through Spark",
            (System.nanoTime() - trained) / 1e9));
      }
      List<EpochOutcome> result = handedBack ? Collections.emptyList() : List.of(outcome);
      return JavaConverters.asScalaIterator(result.iterator());
    } finally {
      if (!finished) {
        ReplicaCache.dropIfLodged(source, rank, resident);
      }
    }
  }

  /**
   * The address Spark uses for this executor, which the ring socket binds to and announces:
   * {@code SPARK_LOCAL_IP} when set, as Spark's own services do, else the block manager's host.
   */
  static String executorAddress() {
    String local = System.getenv("SPARK_LOCAL_IP");
    return local != null && !local.isBlank() ? local.strip()
        : SparkEnv.get().blockManager().blockManagerId().host();
  }
}
