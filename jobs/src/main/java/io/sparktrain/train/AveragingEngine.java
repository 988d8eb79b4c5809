package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.exchange.ExampleWeightedSum;
import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.worker.EpochPlan;
import io.sparktrain.train.worker.RoundTask;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import io.sparktrain.train.replica.Replica;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * sparktrain's engine v1: synchronous model averaging with one light Spark job per round.
 *
 * <p>The training RDD is cached with one partition per worker. Each round broadcasts the global
 * state, every task trains its executor-resident replica for k steps and returns its term of an
 * {@link ExampleWeightedSum}; the driver merges them with a tree aggregate and averages. Only
 * parameters, updater state and counts cross the network, never examples.
 */
public final class AveragingEngine implements TrainingEngine {

  private final JavaSparkContext sc;
  private final JavaRDD<Example> shards;
  private final EngineOptions options;
  private final ReplicaRecipe recipe;
  /** A MultiLayerNetwork or a ComputationGraph. */
  private final Model model;
  private final Replica driver;
  private final long[] shardSizes;
  private GlobalState state;
  private double rateScale = 1.0;

  /**
   * @param shards training examples, one partition per worker
   * @param initial the network to start from (its parameters, updater state and iteration count)
   */
  public AveragingEngine(
      JavaSparkContext sc, JavaRDD<Example> shards, Model initial,
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
  }

  @Override
  public EpochResult trainEpoch(int epoch, RoundListener progress) {
    long start = System.nanoTime();
    EpochPlan plan = options.plan(epoch, shardSizes);
    int rounds = plan.rounds();
    long examples = 0;
    double lossSum = 0;
    for (int round = 0; round < rounds; round++) {
      ExampleWeightedSum sum = runRound(plan, round);
      failOnDivergence(sum, epoch, round);
      int trainable = state.params().length;
      state = new GlobalState(sum.average(0, trainable), sum.average(trainable, sum.length()),
          state.iteration() + sum.maxSteps());
      examples += sum.examples();
      lossSum += sum.meanLoss() * sum.examples();
      progress.onRound(epoch, round + 1, rounds, examples, sum.meanLoss(), seconds(start));
    }
    driver.load(state, epoch + 1);
    return new EpochResult(examples, lossSum / Math.max(1, examples), state.iteration(), rounds,
        seconds(start), plan.batchSize());
  }

  /** Continues from {@code trained}, the state another engine reached since. */
  void startFrom(GlobalState trained) {
    state = trained;
  }

  private ExampleWeightedSum runRound(EpochPlan plan, int round) {
    Broadcast<GlobalState> broadcast = sc.broadcast(state.withRateScale(rateScale));
    try {
      return shards
          .mapPartitionsWithIndex(new RoundTask(recipe, broadcast, plan, round), true)
          .treeAggregate(ExampleWeightedSum.empty(), ExampleWeightedSum::merge,
              ExampleWeightedSum::merge);
    } finally {
      broadcast.destroy(false);
    }
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

  /** Only the trainable parameters and their updater state: frozen layers are never sent. */
  @Override
  public long bytesPerRound() {
    return state.bytes();
  }

  @Override
  public void close() {
    recipe.release(shards);
    shards.unpersist(false);
  }

  private static void failOnDivergence(ExampleWeightedSum sum, int epoch, int round) {
    double loss = sum.meanLoss();
    if (sum.examples() > 0 && !Double.isFinite(loss)) {
      throw new DivergedException(loss, epoch, round);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
