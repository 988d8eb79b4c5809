package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Example;
import io.sparktrain.train.worker.Seeds;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The engine against the arithmetic it claims: one worker is plain DL4J, averaging after every
 * SGD step is large-batch SGD, and Adam's moments are averaged, not reset or kept per worker.
 */
class AveragingEngineTest extends LocalSparkTest {

  private static final long SEED = 7;

  @Test
  void oneWorkerReproducesSingleMachineTraining() {
    List<Example> data = SyntheticData.blobs(100, 1);
    int batch = 16;
    MultiLayerNetwork reference = SyntheticData.network(new Adam(0.01), SEED);
    Shard shard = Shard.of(data.iterator(), SyntheticData.CLASSES);
    for (int epoch = 0; epoch < 2; epoch++) {
      int[] order = shard.order(Seeds.shuffle(SEED, epoch, 0), true);
      reference.setEpochCount(epoch);
      for (int from = 0; from < order.length; from += batch) {
        reference.fit(shard.batch(order, from, Math.min(from + batch, order.length)));
      }
    }

    MultiLayerNetwork trained = train(data, 1, new Adam(0.01), batch, 1, 2);

    assertClose(reference.params().toFloatVector(), trained.params().toFloatVector(), 1e-6f);
    assertClose(MultiLayerReplica.updaterState(reference),
        MultiLayerReplica.updaterState(trained), 1e-6f);
    assertTrue(reference.getIterationCount() == trained.getIterationCount());
  }

  @Test
  void twoWorkersAveragingEveryStepIsLargeBatchSgd() {
    List<Example> data = SyntheticData.blobs(96, 2);
    int batch = 8;
    MultiLayerNetwork reference = SyntheticData.network(new Sgd(0.1), SEED);
    Shard first = Shard.of(data.subList(0, 48).iterator(), SyntheticData.CLASSES);
    Shard second = Shard.of(data.subList(48, 96).iterator(), SyntheticData.CLASSES);
    int[] firstOrder = first.order(Seeds.shuffle(SEED, 0, 0), true);
    int[] secondOrder = second.order(Seeds.shuffle(SEED, 0, 1), true);
    for (int from = 0; from < 48; from += batch) {
      reference.fit(DataSet.merge(List.of(first.batch(firstOrder, from, from + batch),
          second.batch(secondOrder, from, from + batch))));
    }

    MultiLayerNetwork trained = train(data, 2, new Sgd(0.1), batch, 1, 1);

    assertClose(reference.params().toFloatVector(), trained.params().toFloatVector(), 1e-5f);
  }

  @Test
  void adamMomentsAreAveragedAcrossWorkers() {
    List<Example> data = SyntheticData.blobs(64, 3);
    int batch = 8;
    int frequency = 2;
    float[][] averaged = manualAveraging(data, batch, frequency, false);
    float[][] reset = manualAveraging(data, batch, frequency, true);

    MultiLayerNetwork trained = train(data, 2, new Adam(0.05), batch, frequency, 1);

    assertClose(averaged[0], trained.params().toFloatVector(), 1e-5f);
    assertClose(averaged[1], MultiLayerReplica.updaterState(trained), 1e-5f);
    assertTrue(maxDifference(reset[0], trained.params().toFloatVector()) > 1e-3,
        "resetting the moments each round must give different parameters, or this test is blind");
  }

  @Test
  void sameSeedGivesTheSameModelEvenWithDropout() {
    List<Example> data = SyntheticData.blobs(96, 4);
    IUpdater adam = new Adam(0.01);

    float[] first = train(data, 2, () -> SyntheticData.network(adam, SEED, 0.5), 8, 2, 2);
    // Other work on the executors' task threads moves their ND4J generators on.
    sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8).foreach(i -> Nd4j.getRandom().nextLong());
    float[] second = train(data, 2, () -> SyntheticData.network(adam, SEED, 0.5), 8, 2, 2);
    float[] otherSeed = train(data, 2, () -> SyntheticData.network(adam, SEED + 1, 0.5), 8, 2, 2);

    assertClose(first, second, 0f);
    assertTrue(maxDifference(first, otherSeed) > 1e-4, "the seed must matter, or this is blind");
  }

  private static float[] train(List<Example> data, int workers,
      java.util.function.Supplier<MultiLayerNetwork> network, int batch, int frequency,
      int epochs) {
    EngineOptions options = new EngineOptions(batch, frequency, SyntheticData.CLASSES, SEED, true);
    try (AveragingEngine engine =
        new AveragingEngine(sc, sc.parallelize(data, workers), network.get(), options)) {
      for (int epoch = 0; epoch < epochs; epoch++) {
        engine.trainEpoch(epoch, RoundListener.NONE);
      }
      return engine.model().params().toFloatVector();
    }
  }

  /** Two replicas in this JVM, averaged by hand every {@code frequency} steps with equal weights. */
  private static float[][] manualAveraging(
      List<Example> data, int batch, int frequency, boolean resetMoments) {
    MultiLayerNetwork[] replicas = {
        SyntheticData.network(new Adam(0.05), SEED), SyntheticData.network(new Adam(0.05), SEED)};
    Shard[] shards = {
        Shard.of(data.subList(0, 32).iterator(), SyntheticData.CLASSES),
        Shard.of(data.subList(32, 64).iterator(), SyntheticData.CLASSES)};
    int[][] orders = {
        shards[0].order(Seeds.shuffle(SEED, 0, 0), true),
        shards[1].order(Seeds.shuffle(SEED, 0, 1), true)};
    for (int from = 0; from < 32; from += batch * frequency) {
      for (int w = 0; w < 2; w++) {
        for (int step = from; step < from + batch * frequency; step += batch) {
          replicas[w].fit(shards[w].batch(orders[w], step, step + batch));
        }
      }
      var params = replicas[0].params().add(replicas[1].params()).divi(2);
      var moments = MultiLayerReplica.updaterStateView(replicas[0]).add(
          MultiLayerReplica.updaterStateView(replicas[1])).divi(2);
      for (MultiLayerNetwork replica : replicas) {
        replica.setParams(params.dup());
        MultiLayerReplica.updaterStateView(replica)
            .assign(resetMoments ? Nd4j.zerosLike(moments) : moments);
      }
    }
    return new float[][] {
        replicas[0].params().toFloatVector(), MultiLayerReplica.updaterState(replicas[0])};
  }

  private static MultiLayerNetwork train(
      List<Example> data, int workers, IUpdater updater, int batch, int frequency, int epochs) {
    MultiLayerNetwork initial = SyntheticData.network(updater, SEED);
    EngineOptions options =
        new EngineOptions(batch, frequency, SyntheticData.CLASSES, SEED, true);
    try (AveragingEngine engine =
        new AveragingEngine(sc, sc.parallelize(data, workers), initial, options)) {
      for (int epoch = 0; epoch < epochs; epoch++) {
        engine.trainEpoch(epoch, RoundListener.NONE);
      }
      return engine.model();
    }
  }

  private static void assertClose(float[] expected, float[] actual, float tolerance) {
    assertTrue(expected.length == actual.length && expected.length > 0,
        "sizes differ: " + expected.length + " vs " + actual.length);
    float worst = maxDifference(expected, actual);
    assertTrue(worst <= tolerance, "max difference " + worst + " > " + tolerance);
  }

  private static float maxDifference(float[] a, float[] b) {
    float worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }

}
