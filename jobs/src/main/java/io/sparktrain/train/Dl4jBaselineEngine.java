package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.spec.TrainingException;
import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.worker.EpochPlan;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's own {@code ParameterAveragingTrainingMaster} behind the {@link TrainingEngine} interface:
 * the baseline users can select ({@code training.engine: dl4j-parameter-averaging}) and benchmarks
 * compare against. {@code saveUpdater} is on, so Adam's moments are averaged as in sparktrain's
 * engine; its cost per averaging round (about 2 s here: repartition, count, split, broadcast,
 * network re-creation) is what DESIGN.md measured.
 */
public final class Dl4jBaselineEngine implements TrainingEngine {

  private final SparkDl4jMultiLayer sparkNetwork;
  private final JavaRDD<DataSet> examples;
  private final long count;
  private final EngineOptions options;

  public Dl4jBaselineEngine(
      JavaSparkContext sc, JavaRDD<Example> shards, MultiLayerNetwork initial,
      EngineOptions options) {
    if (options.target().reconstruct()) {
      throw new TrainingException("training.engine: dl4j-parameter-averaging trains classifiers "
          + "only; an autoencoder (data.target: input) needs engine sparktrain");
    }
    int numClasses = options.numClasses();
    this.examples = shards.map(e -> toDataSet(e, numClasses)).persist(StorageLevel.MEMORY_ONLY());
    this.count = examples.count();
    this.options = options;
    ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(1)
        .batchSizePerWorker(options.batchSize())
        .averagingFrequency(options.averagingFrequency())
        .workerPrefetchNumBatches(0)
        .saveUpdater(true)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .repartionData(Repartition.Always)
        .rngSeed(options.seed())
        // DL4J persists the data it is given at this level, and Spark refuses a second level.
        .storageLevel(StorageLevel.MEMORY_ONLY())
        .build();
    this.sparkNetwork = new SparkDl4jMultiLayer(sc, initial, master);
    // Its workers rebuild the network from the configuration: pass the gradient hooks on.
    sparkNetwork.setListeners(ReplicaRecipe.serializableListeners(initial));
  }

  @Override
  public EpochResult trainEpoch(int epoch, RoundListener progress) {
    long start = System.nanoTime();
    MultiLayerNetwork network = sparkNetwork.fit(examples);
    double loss = sparkNetwork.getScore();
    if (!Double.isFinite(loss)) {
      throw new TrainingException("training diverged: loss " + loss + " in epoch " + (epoch + 1)
          + "; lower optimizer.learningRate or check the data scaling");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int rounds = rounds(epoch);
    progress.onRound(epoch, rounds, rounds, count, loss, seconds);
    return new EpochResult(count, loss, network.getIterationCount(), rounds, seconds,
        options.batchSize());
  }

  /** DL4J's training master keeps its own copy of the rates; the spec rejects rate rules here. */
  @Override
  public void setRateScale(double scale) {
    if (scale != 1.0) {
      throw new UnsupportedOperationException(
          "engine dl4j-parameter-averaging cannot change the learning rate mid-run");
    }
  }

  @Override
  public double rateScale() {
    return 1.0;
  }

  @Override
  public GlobalState snapshot() {
    throw new UnsupportedOperationException("engine dl4j-parameter-averaging cannot roll back");
  }

  @Override
  public void restore(GlobalState saved) {
    throw new UnsupportedOperationException("engine dl4j-parameter-averaging cannot roll back");
  }

  @Override
  public MultiLayerNetwork model() {
    return sparkNetwork.getNetwork();
  }

  @Override
  public long bytesPerRound() {
    MultiLayerNetwork network = model();
    long updater = MultiLayerReplica.updaterStateView(network) == null
        ? 0 : MultiLayerReplica.updaterStateView(network).length();
    return 4L * (network.numParams() + updater);
  }

  @Override
  public void close() {
    examples.unpersist(false);
  }

  /**
   * DL4J's averaging rounds in an epoch: it repartitions the examples evenly over the workers, so
   * the largest shard holds count / partitions of them, rounded up.
   */
  private int rounds(int epoch) {
    if (count == 0) {
      return 0;
    }
    int partitions = Math.max(1, examples.getNumPartitions());
    long largestShard = (count + partitions - 1) / partitions;
    int maxSteps = EpochPlan.maxSteps(new long[] {largestShard}, options.batchSize());
    return options.plan(epoch, maxSteps).rounds();
  }

  private static DataSet toDataSet(Example example, int numClasses) {
    float[] label = new float[numClasses];
    label[example.label()] = 1f;
    return new DataSet(
        Nd4j.create(example.features(), new long[] {1, example.features().length}),
        Nd4j.create(label, new long[] {1, numClasses}));
  }
}
