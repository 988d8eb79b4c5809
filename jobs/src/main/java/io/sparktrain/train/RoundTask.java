package io.sparktrain.train;

import io.sparktrain.data.Example;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What one worker does in one round, on its executor: load the averaged state into its replica,
 * take up to k mini-batch steps on its shard, and return its contribution to the average.
 */
final class RoundTask implements Function2<Integer, Iterator<Example>, Iterator<ParameterSum>> {

  private static final long serialVersionUID = 1L;

  private final ReplicaRecipe recipe;
  private final Broadcast<GlobalState> state;
  private final RoundPlan plan;

  /** @param state the averaged trainable parameters and updater state this round starts from */
  RoundTask(ReplicaRecipe recipe, Broadcast<GlobalState> state, RoundPlan plan) {
    this.recipe = recipe;
    this.state = state;
    this.plan = plan;
  }

  @Override
  public Iterator<ParameterSum> call(Integer partition, Iterator<Example> examples) {
    GpuAffinity.pinCurrentTask();
    Replica replica = recipe.replica(partition, examples);
    replica.load(state.value(), plan.epoch());
    Nd4j.getRandom().setSeed(Seeds.round(plan.jobSeed(), plan.epoch(), plan.round(), partition));
    int[] order = replica.order(plan.epoch(), plan.jobSeed(), partition, plan.shuffle());
    return List.of(trainSteps(replica, order)).iterator();
  }

  private ParameterSum trainSteps(Replica replica, int[] order) {
    MultiLayerNetwork network = replica.network();
    int from = plan.firstExample();
    long examples = 0;
    double lossSum = 0;
    int steps = 0;
    while (steps < plan.stepsPerRound() && from < order.length) {
      int to = Math.min(from + plan.batchSize(), order.length);
      DataSet batch = replica.shard().batch(order, from, to);
      network.fit(batch);
      lossSum += network.score() * (to - from);
      examples += to - from;
      steps++;
      from = to;
    }
    return ParameterSum.empty().add(replica.trainable().gather(network.params()),
        Replica.updaterState(network), examples, lossSum, steps);
  }
}
