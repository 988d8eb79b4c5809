package io.sparktrain.train;

import io.sparktrain.data.Example;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * One task of an epoch's barrier stage: it loads the epoch's starting state into its replica,
 * then trains round after round, averaging parameters and updater state with the other tasks
 * after every round without the driver in between. Every task starts from the broadcast state
 * and derives its shuffle and dropout seeds from (epoch, round, partition), so a retried stage
 * repeats the failed one exactly.
 */
final class EpochTask extends AbstractFunction1<Iterator<Example>, Iterator<EpochOutcome>>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private final ReplicaRecipe recipe;
  private final Broadcast<GlobalState> start;
  private final EpochPlan plan;

  EpochTask(ReplicaRecipe recipe, Broadcast<GlobalState> start, EpochPlan plan) {
    this.recipe = recipe;
    this.start = start;
    this.plan = plan;
  }

  @Override
  public Iterator<EpochOutcome> apply(Iterator<Example> partition) {
    BarrierTaskContext context = BarrierTaskContext.get();
    int rank = context.partitionId();
    GpuAffinity.pinCurrentTask();
    java.util.Iterator<Example> examples = JavaConverters.asJavaIterator(partition);
    Replica replica = recipe.replica(rank, examples);
    GlobalState state = start.value();
    replica.load(state, plan.epoch());
    int attempt = context.stageAttemptNumber();
    TaskExchange.Identity me = new TaskExchange.Identity(
        recipe.runId() + "/" + plan.epoch() + "/" + attempt, token(attempt), rank,
        context.getTaskInfos().length,
        SparkEnv.get().executorId() + (plan.ringOnly() ? "#" + rank : ""),
        SparkEnv.get().blockManager().blockManagerId().host());
    try (TaskExchange exchange = TaskExchange.join(plan.rendezvous(), me, plan.timeoutMillis())) {
      EpochOutcome outcome = train(context, replica, exchange, state.iteration());
      exchange.finished();
      List<EpochOutcome> result = rank == 0 ? List.of(outcome) : Collections.emptyList();
      return JavaConverters.asScalaIterator(result.iterator());
    }
  }

  private EpochOutcome train(
      BarrierTaskContext context, Replica replica, TaskExchange exchange, long iteration) {
    int rank = context.partitionId();
    int attempt = context.stageAttemptNumber();
    MultiLayerNetwork network = replica.network();
    int[] order = replica.order(plan.epoch(), plan.jobSeed(), rank, plan.shuffle());
    FloatBuffer[] views = replica.stateViews();
    // Between executors the state goes through a Java array: the state, then two tallies the sum
    // also adds up, examples (the weights) and loss.
    float[] buffer = exchange.sharedMemoryOnly() && views != null
        ? null : new float[replica.stateLength() + 2];
    int rounds = plan.rounds();
    long examplesDone = 0;
    double lossSum = 0;
    int from = 0;
    for (int round = 0; round < rounds; round++) {
      // Spark kills the other tasks of a failed barrier stage by flag, not by interrupt.
      context.killTaskIfInterrupted();
      plan.failure().fireIfDue(plan.epoch(), round, rank, attempt);
      Nd4j.getRandom().setSeed(Seeds.round(plan.jobSeed(), plan.epoch(), round, rank));
      int examples = 0;
      double roundLoss = 0;
      for (int step = 0; step < plan.stepsPerRound() && from < order.length; step++) {
        int to = Math.min(from + plan.batchSize(), order.length);
        DataSet batch = replica.shard().batch(order, from, to);
        network.fit(batch);
        roundLoss += network.score() * (to - from);
        examples += to - from;
        from = to;
      }
      double[] totals = average(replica, exchange, buffer, examples, roundLoss);
      double total = totals[0];
      iteration += plan.stepsIn(round);
      network.setIterationCount(Math.toIntExact(iteration));
      examplesDone += (long) total;
      lossSum += totals[1];
      double meanLoss = totals[1] / total;
      if (!Double.isFinite(meanLoss)) {
        // Every task sees the same sum, so all stop here together.
        return outcome(replica, examplesDone, lossSum, round + 1, round, meanLoss);
      }
      exchange.report(round + 1, rounds, examplesDone, meanLoss);
    }
    return outcome(replica, examplesDone, lossSum, rounds, -1, Double.NaN);
  }

  /**
   * Averages this round's state with the other tasks, in place; returns the examples and summed
   * loss over all of them.
   */
  private static double[] average(Replica replica, TaskExchange exchange, float[] buffer,
      int examples, double loss) {
    if (buffer == null) {
      return exchange.averageInPlace(replica.stateViews(), examples, loss);
    }
    int length = buffer.length - 2;
    replica.writeState(buffer, examples);
    buffer[length] = examples;
    buffer[length + 1] = (float) loss;
    exchange.sumInPlace(buffer);
    float total = buffer[length];
    replica.readState(buffer, 1f / total);
    return new double[] {total, buffer[length + 1]};
  }

  private static EpochOutcome outcome(Replica replica, long examples,
      double lossSum, int rounds, int divergedRound, double divergedLoss) {
    GlobalState state = NetworkState.capture(replica.trainable(), replica.network());
    return new EpochOutcome(state, examples, lossSum, rounds, divergedRound, divergedLoss);
  }

  private long token(int attempt) {
    return ((long) recipe.runId().hashCode() << 32) ^ ((long) plan.epoch() << 8) ^ attempt;
  }
}
