package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.spec.TrainingException;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * sparktrain's engine: synchronous model averaging with one light Spark job per round.
 *
 * <p>The training RDD is cached with one partition per worker. Each round broadcasts the global
 * state, every task trains its executor-resident {@link Replica} for k steps and returns a
 * {@link ParameterSum}; the driver merges them with a tree aggregate and divides. Only parameters,
 * updater state and counts cross the network, never examples.
 */
public final class AveragingEngine implements TrainingEngine {

  private final JavaSparkContext sc;
  private final JavaRDD<Example> shards;
  private final EngineOptions options;
  private final ReplicaRecipe recipe;
  private final MultiLayerNetwork model;
  private final int maxStepsPerEpoch;
  private final TrainableParameters trainable;
  private GlobalState state;

  /**
   * @param shards training examples, one partition per worker
   * @param initial the network to start from (its parameters, updater state and iteration count)
   */
  public AveragingEngine(
      JavaSparkContext sc, JavaRDD<Example> shards, MultiLayerNetwork initial,
      EngineOptions options) {
    this.sc = sc;
    this.shards = shards.persist(StorageLevel.MEMORY_AND_DISK());
    this.options = options;
    this.model = initial;
    this.recipe = ReplicaRecipe.of(sc, initial, options.target());
    this.trainable = TrainableParameters.of(initial);
    this.state = NetworkState.capture(trainable, initial);
    this.maxStepsPerEpoch = maxStepsPerEpoch(shardSizes(this.shards), options.batchSize());
  }

  @Override
  public EpochResult trainEpoch(int epoch, RoundListener progress) {
    long start = System.nanoTime();
    int rounds = ceilDiv(maxStepsPerEpoch, options.averagingFrequency());
    long examples = 0;
    double lossSum = 0;
    for (int round = 0; round < rounds; round++) {
      ParameterSum sum = runRound(new RoundPlan(epoch, round, options.averagingFrequency(),
          options.batchSize(), options.seed(), options.shuffle()));
      failOnDivergence(sum, epoch, round);
      state = sum.average(state.iteration() + sum.maxSteps());
      examples += sum.examples();
      lossSum += sum.meanLoss() * sum.examples();
      progress.onRound(epoch, round + 1, rounds, examples, sum.meanLoss(), seconds(start));
    }
    NetworkState.restore(state, trainable, model, epoch + 1);
    return new EpochResult(examples, lossSum / Math.max(1, examples), state.iteration(), rounds,
        seconds(start));
  }

  /** Continues from {@code network}'s state, which another engine trained since. */
  void startFrom(MultiLayerNetwork network) {
    state = NetworkState.capture(trainable, network);
  }

  private ParameterSum runRound(RoundPlan plan) {
    Broadcast<GlobalState> broadcast = sc.broadcast(state);
    try {
      return shards
          .mapPartitionsWithIndex(
              new RoundTask(recipe, broadcast, plan), true)
          .treeAggregate(ParameterSum.empty(), ParameterSum::merge, ParameterSum::merge);
    } finally {
      broadcast.destroy(false);
    }
  }

  @Override
  public MultiLayerNetwork model() {
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


  private static void failOnDivergence(ParameterSum sum, int epoch, int round) {
    double loss = sum.meanLoss();
    if (sum.examples() > 0 && !Double.isFinite(loss)) {
      throw new TrainingException(String.format(
          "training diverged: mean loss %s in epoch %d, round %d; lower optimizer.learningRate "
              + "or check the data scaling", loss, epoch + 1, round + 1));
    }
  }

  static long[] shardSizes(JavaRDD<Example> shards) {
    List<Long> sizes = shards.mapPartitions(it -> {
      long n = 0;
      for (; it.hasNext(); it.next()) {
        n++;
      }
      return List.of(n).iterator();
    }).collect();
    return sizes.stream().mapToLong(Long::longValue).toArray();
  }

  static int maxStepsPerEpoch(long[] sizes, int batchSize) {
    long max = 0;
    for (long size : sizes) {
      max = Math.max(max, (size + batchSize - 1) / batchSize);
    }
    if (max == 0) {
      throw new TrainingException("the training split is empty: nothing to train on");
    }
    return Math.toIntExact(max);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
