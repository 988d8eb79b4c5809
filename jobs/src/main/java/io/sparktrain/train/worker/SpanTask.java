package io.sparktrain.train.worker;

import io.sparktrain.exchange.EpochReport;
import io.sparktrain.exchange.ExchangeException;
import io.sparktrain.exchange.SharedFileSum;
import io.sparktrain.exchange.TaskExchange;
import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.replica.Replica;
import io.sparktrain.train.replica.StateDigest;
import java.io.Serializable;
import java.util.Collections;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * One task of a barrier stage that trains several epochs: it joins the exchange once, then, epoch
 * after epoch, asks the driver for its orders (through the rendezvous's {@code EpochGate}), trains
 * the epoch's rounds as {@link EpochTask} does, scores its slices of the evaluation splits with
 * the replica it trained (every task holds the same averaged state after the last round), and
 * reports; rank 0 first hands the epoch's outcome back. Between two epochs the driver evaluates
 * nothing and starts no job: it merges the scores, decides, and answers.
 *
 * <p>A retried attempt's tasks ask for orders as the first epoch's do: the driver answers with
 * the epoch it has no outcome of yet, and its starting state to any task that does not hold it,
 * unless the stage's broadcast carries that state.
 */
public final class SpanTask extends AbstractFunction1<Iterator<SpanInput>, Iterator<EpochOutcome>>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private final ReplicaSource source;
  private final SliceScorer scorer;
  private final StageSettings stage;
  private final Broadcast<GlobalState> start;
  private final long startDigest;

  /**
   * @param scorer how to score the evaluation splits; null when the stage evaluates nothing
   * @param start the state the stage's first epoch starts from, where the replicas do not hold
   *     it already: a broadcast reaches many executors at the cost of one send from the driver,
   *     where orders carrying it would cost one each; null when they hold it
   * @param startDigest its {@link StateDigest}, as the driver's orders for that epoch carry it
   */
  public SpanTask(ReplicaSource source, SliceScorer scorer, StageSettings stage,
      Broadcast<GlobalState> start, long startDigest) {
    this.source = source;
    this.scorer = scorer;
    this.stage = stage;
    this.start = start;
    this.startDigest = startDigest;
  }

  @Override
  public Iterator<EpochOutcome> apply(Iterator<SpanInput> input) {
    long began = System.nanoTime();
    BarrierTaskContext context = BarrierTaskContext.get();
    int rank = context.partitionId();
    SpanInput in = input.next();
    source.enterTask();
    Resident resident = ReplicaCache.get(source, rank, in.shard());
    Replica replica = resident.replica();
    TaskExchange.Identity me = new TaskExchange.Identity(stage.name(),
        context.stageAttemptNumber(), rank, context.getTaskInfos().length,
        SparkEnv.get().executorId() + (stage.mode().taskPerPeer() ? "@" + rank : ""),
        stage.ringPorts().at(EpochTask.executorAddress()));
    TaskExchange.Sharing sharing = stage.mode().sharedFile()
        ? new TaskExchange.Sharing(SharedFileSum.DEFAULT_DIR, StateExchange.slotLength(replica),
            source.runId())
        : TaskExchange.Sharing.RING;
    boolean finished = false;
    try (TaskExchange exchange = TaskExchange.join(stage.rendezvous(), me,
        new TaskExchange.Protection(stage.secret().bytes(), stage.encrypt()), sharing,
        stage.timeoutMillis())) {
      EpochReport report = new EpochReport(-1, resident.held(), new byte[0]);
      // The driver decides between epochs (the observers, the checkpoint): slower than any
      // round's wait for a peer may be, and not a hang.
      int ordersMillis = (int) Math.min(Integer.MAX_VALUE, 10L * stage.timeoutMillis());
      Object slices = null;
      while (true) {
        Orders orders = Orders.of(exchange.next(report, replica.stateLength(), ordersMillis));
        if (orders.stop()) {
          break;
        }
        EpochPlan plan = orders.plan();
        boolean resumed = resident.startsFrom(orders.digest());
        if (resumed) {
          replica.resume(plan.epoch(), orders.rateScale());
        } else if (orders.state() != null) {
          replica.load(orders.state(), plan.epoch());
        } else if (start != null && orders.digest() == startDigest) {
          // The stage's first state, which the gate leaves out of the orders: every attempt
          // reads it from the broadcast, one send to each executor rather than one to each task.
          replica.load(start.value().withRateScale(orders.rateScale()), plan.epoch());
        } else {
          throw new ExchangeException("task " + rank + ": the driver sent epoch "
              + (plan.epoch() + 1) + "'s orders without its starting state, which neither "
              + "this replica nor the stage's broadcast holds");
        }
        EpochRounds.Tally tally = EpochRounds.train(context, resident, exchange, plan,
            stage.failure(), orders.iteration(), began, resumed);
        if (rank == 0 && !exchange.handBack(tally.outcome(replica.capture()).handback(),
            stage.timeoutMillis())) {
          throw new ExchangeException("task 0 could not hand epoch " + (plan.epoch() + 1)
              + "'s outcome to the driver");
        }
        byte[] scores = new byte[0];
        if (scorer != null && tally.divergedRound() < 0) {
          // Read at the first scoring, not before the first epoch, whose time it is not.
          if (slices == null) {
            slices = resident.slices(scorer.id(), () -> scorer.slices(in.scored()));
          }
          scores = scorer.score(replica, slices);
        }
        report = new EpochReport(plan.epoch(), resident.held(), scores);
        began = System.nanoTime();
      }
      exchange.finished();
      finished = true;
    } finally {
      if (!finished) {
        ReplicaCache.dropIfLodged(source, rank, resident);
      }
    }
    return JavaConverters.asScalaIterator(Collections.<EpochOutcome>emptyIterator());
  }
}
