package io.sparktrain.train.worker;

import io.sparktrain.exchange.RoundTotals;
import io.sparktrain.exchange.TaskExchange;
import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.replica.Replica;
import io.sparktrain.train.replica.StepTally;
import org.apache.spark.BarrierTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's rounds of one epoch: k steps, then the average with the other tasks, until the
 * epoch's plan is done or the averaged loss is not finite. The same whether the stage trains one
 * epoch ({@link EpochTask}) or several ({@link SpanTask}).
 */
final class EpochRounds {

  /**
   * At debug level, each task's split of its epoch: preparing (replica, state, exchange), steps,
   * averaging with the wait for the slowest task. Where a worker's time goes (docs/performance.md).
   */
  private static final Logger LOG = LoggerFactory.getLogger(EpochTask.class);

  private EpochRounds() {}

  /** What an epoch's rounds add up to, every task alike; {@link EpochOutcome} less the state. */
  record Tally(long examples, double lossSum, int rounds, int divergedRound,
      double divergedLoss) {

    EpochOutcome outcome(GlobalState state) {
      return new EpochOutcome(state, examples, lossSum, rounds, divergedRound, divergedLoss);
    }
  }

  static Tally train(BarrierTaskContext context, Resident resident, TaskExchange exchange,
      EpochPlan plan, FailurePoint failure, long iteration, long began, boolean resumed) {
    long trainFrom = System.nanoTime();
    long stepNanos = 0;
    long averageNanos = 0;
    int rank = context.partitionId();
    int attempt = context.stageAttemptNumber();
    Replica replica = resident.replica();
    int[] order = resident.order(plan.epoch(), plan.jobSeed(), rank, plan.shuffle());
    StateExchange average = new StateExchange(replica, exchange);
    int rounds = plan.rounds();
    long examplesDone = 0;
    double lossSum = 0;
    int from = 0;
    for (int round = 0; round < rounds; round++) {
      // Spark kills the other tasks of a failed barrier stage by flag, not by interrupt.
      context.killTaskIfInterrupted();
      failure.fireIfDue(plan.epoch(), round, rank, attempt);
      replica.seedRandom(Seeds.round(plan.jobSeed(), plan.epoch(), round, rank));
      long roundFrom = System.nanoTime();
      StepTally steps =
          replica.trainSteps(order, from, plan.stepsPerRound(), plan.batchSize(),
              plan.lastBatch());
      from = steps.next();
      long averageFrom = System.nanoTime();
      RoundTotals totals = average.average(steps.examples(), steps.lossSum());
      stepNanos += averageFrom - roundFrom;
      averageNanos += System.nanoTime() - averageFrom;
      iteration += plan.stepsIn(round);
      replica.setIteration(iteration);
      examplesDone += (long) totals.examples();
      lossSum += totals.lossSum();
      double meanLoss = totals.meanLoss();
      if (!Double.isFinite(meanLoss)) {
        // Every task sees the same sum, so all stop here together.
        return new Tally(examplesDone, lossSum, round + 1, round, meanLoss);
      }
      exchange.report(round + 1, rounds, examplesDone, meanLoss);
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(String.format("epoch %d task %d: preparing %.3f s (state %s), steps %.3f s, "
          + "averaging and waiting %.3f s (%s), over %d rounds", plan.epoch() + 1, rank,
          (trainFrom - began) / 1e9, resumed ? "held" : "loaded", stepNanos / 1e9,
          averageNanos / 1e9, exchange.transport(), rounds));
    }
    // Every task ends with the same averaged state, which the driver goes on from.
    resident.ended();
    return new Tally(examplesDone, lossSum, rounds, -1, Double.NaN);
  }

}
