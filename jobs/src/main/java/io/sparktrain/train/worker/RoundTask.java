package io.sparktrain.train.worker;

import io.sparktrain.data.Example;
import io.sparktrain.exchange.ExampleWeightedSum;
import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.replica.Replica;
import io.sparktrain.train.replica.StepTally;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * What one worker does in one round of engine v1, on its executor: load the averaged state into
 * its replica, take up to k steps on its shard, and return its term of the average.
 */
public final class RoundTask
    implements Function2<Integer, Iterator<Example>, Iterator<ExampleWeightedSum>> {

  private static final long serialVersionUID = 1L;

  private final ReplicaSource source;
  private final Broadcast<GlobalState> state;
  private final EpochPlan plan;
  private final int round;

  /** @param state the averaged trainable parameters and updater state this round starts from */
  public RoundTask(ReplicaSource source, Broadcast<GlobalState> state, EpochPlan plan, int round) {
    this.source = source;
    this.state = state;
    this.plan = plan;
    this.round = round;
  }

  @Override
  public Iterator<ExampleWeightedSum> call(Integer partition, Iterator<Example> examples) {
    source.enterTask();
    Resident resident = ReplicaCache.get(source, partition, examples);
    Replica replica = resident.replica();
    resident.forget();
    replica.load(state.value(), plan.epoch());
    replica.seedRandom(Seeds.round(plan.jobSeed(), plan.epoch(), round, partition));
    int[] order = resident.order(plan.epoch(), plan.jobSeed(), partition, plan.shuffle());
    StepTally steps = replica.trainSteps(
        order, plan.firstExample(round), plan.stepsPerRound(), plan.batchSize(), plan.lastBatch());
    float[] trained = new float[replica.stateLength()];
    replica.writeState(trained);
    return List.of(ExampleWeightedSum.empty()
        .add(trained, steps.examples(), steps.lossSum(), steps.steps())).iterator();
  }
}
