package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.DigitImages;
import io.sparktrain.data.Example;
import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.train.fused.FusedStep;
import java.util.List;
import java.util.Properties;
import org.apache.spark.TaskContext$;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.TaskKilledException;
import org.apache.spark.executor.TaskMetrics;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The evaluation scores a classifier's batch from the prediction it already made, without DL4J's
 * second forward pass ({@link MultiLayerReplica#score(DataSet, INDArray)}): the loss must be
 * DL4J's own score of the batch, for every output the shortcut takes and for those it leaves to
 * DL4J. On real MNIST digits from the data cache, fetched first where they are absent.
 */
class EvaluationScoreTest {

  private static final List<Example> DIGITS =
      DigitImages.read(DataCache.fromEnvironment(), false, 0, 300);

  @Test
  void aSoftmaxCrossEntropyScoresAsDl4jDoes() {
    assertScoresAsDl4j("{type: output, units: 10, activation: softmax, loss: mcxent}", "");
  }

  @Test
  void theRegularisationIsAddedAsDl4jAddsIt() {
    assertScoresAsDl4j("{type: output, units: 10, activation: softmax, loss: mcxent, l2: 0.01}",
        ", l1: 0.001");
  }

  @Test
  void aNegativeLogLikelihoodScoresAsDl4jDoes() {
    assertScoresAsDl4j(
        "{type: output, units: 10, activation: softmax, loss: negativeloglikelihood}", "");
  }

  /** Label smoothing is a loss of sparktrain's own, which DL4J's score still measures. */
  @Test
  void aLossTheShortcutDoesNotTakeIsDl4jsScore() {
    assertScoresAsDl4j(
        "{type: output, units: 10, activation: softmax, loss: mcxent, labelSmoothing: 0.1}", "");
  }

  /**
   * Predictions saturate after a few steps at a high rate, some probabilities below the 1e-10
   * where DL4J clips the softmax's output before its logarithm: the shortcut must clip alike.
   */
  @Test
  void aSaturatedSoftmaxIsClippedAsDl4jClipsIt() {
    MultiLayerReplica replica =
        replica("{type: output, units: 10, activation: softmax, loss: mcxent}", "", 5.0);
    Shard shard = Shard.of(DIGITS.iterator(), Target.classes(10));
    int[] order = shard.order(0, false);
    for (int from = 0; from + 50 <= 300; from += 50) {
      replica.trainSteps(order, from, 1, 50);
    }
    DataSet batch = shard.batch(order, 0, 300);
    INDArray prediction = replica.predict(batch);
    assertTrue(prediction.minNumber().doubleValue() < 1e-10,
        "a probability below the clip: " + prediction.minNumber());
    double expected = replica.score(batch);
    assertEquals(expected, replica.score(batch, prediction), 1e-5 * Math.abs(expected));
  }

  /** Outside mini-batch mode DL4J's score is the batch's sum, not its mean. */
  @Test
  void aNetworkOutsideMiniBatchModeScoresAsDl4jDoes() {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(5).miniBatch(false).updater(new Sgd(0.01)).list()
        .layer(new DenseLayer.Builder().nIn(784).nOut(16).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    MultiLayerReplica replica = MultiLayerReplica.build(
        network.getLayerWiseConfigurations().toJson(), network.params().toFloatVector(),
        Shard.of(DIGITS.iterator(), Target.classes(10)), List.of(), false, false);
    Shard shard = Shard.of(DIGITS.iterator(), Target.classes(10));
    DataSet batch = shard.batch(shard.order(0, false), 0, 100);
    double expected = replica.score(batch);
    assertEquals(expected, replica.score(batch, replica.predict(batch)),
        1e-5 * Math.abs(expected));
  }

  /** The evaluation's loss over a split equals the mean of DL4J's batch scores. */
  @Test
  void anEvaluationsLossIsTheMeanOfDl4jsBatchScores() {
    MultiLayerReplica replica =
        replica("{type: output, units: 10, activation: softmax, loss: mcxent}", "", 0.01);
    Shard shard = Shard.of(DIGITS.iterator(), Target.classes(10));
    int[] order = shard.order(0, false);
    double expected = 0;
    for (int from = 0; from < 300; from += 128) {
      int to = Math.min(300, from + 128);
      expected += replica.score(shard.batch(order, from, to)) * (to - from);
    }
    Evaluation classes = new Evaluation(10);
    var tally = replica.evaluate(DIGITS.iterator(), 128, classes);
    assertEquals(300, tally.examples());
    assertEquals(expected, tally.lossSum(), 1e-5 * expected);
    assertEquals(300, classes.getNumRowCounter());
  }

  /**
   * A replica whose steps run sparktrain's own dense pass predicts through it too: trained a few
   * steps with dropout, it scores the digits as a replica of the same parameters predicting
   * through DL4J's {@code output} does (loss to float rounding, the same predicted classes).
   */
  @Test
  void aReplicaOnTheOwnPassScoresAsDl4jsOutputDoes() {
    assumeTrue(FusedStep.AVAILABLE, "the JVM runs without --add-modules jdk.incubator.vector");
    JobSpec spec = SpecReader.parse("name: t\ndata: {source: mnist}\nmodel: {layers: ["
        + "{type: dense, units: 64, activation: relu}, {type: dropout, dropout: 0.2},"
        + " {type: dense, units: 32, activation: tanh},"
        + " {type: output, units: 10, activation: softmax, loss: mcxent}]}\n"
        + "optimizer: {type: adam, learningRate: 0.01}\n", "t");
    MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configuration(spec.model(),
        spec.optimizer(), 7, InputShape.flat(784)));
    network.init();
    String json = network.getLayerWiseConfigurations().toJson();
    MultiLayerReplica own = MultiLayerReplica.build(json, network.params().toFloatVector(),
        Shard.of(DIGITS.iterator(), Target.classes(10)), List.of(), true, true);
    assertTrue(own.ownsForwardBackward());
    Shard shard = Shard.of(DIGITS.iterator(), Target.classes(10));
    own.seedRandom(11);
    own.trainSteps(shard.order(0, true), 0, 4, 50);
    MultiLayerReplica dl4j = MultiLayerReplica.build(json, network.params().toFloatVector(),
        Shard.of(DIGITS.iterator(), Target.classes(10)), List.of(), false, false);
    dl4j.load(own.capture(), 1);

    Evaluation ownClasses = new Evaluation(10);
    var ownTally = own.evaluate(DIGITS.iterator(), 128, ownClasses);
    Evaluation dl4jClasses = new Evaluation(10);
    var dl4jTally = dl4j.evaluate(DIGITS.iterator(), 128, dl4jClasses);
    assertEquals(300, ownTally.examples());
    assertEquals(dl4jTally.lossSum(), ownTally.lossSum(), 1e-5 * dl4jTally.lossSum());
    assertEquals(dl4jClasses.confusionMatrix(), ownClasses.confusionMatrix());
    assertTrue(ownClasses.accuracy() > 0.5, "accuracy after four steps: " + ownClasses.accuracy());
  }

  /**
   * Spark stops the other tasks of a failed barrier stage by a flag, not an interrupt: a task
   * scoring its slices must look at it between batches, or it scores them to the end on the
   * replica its retried task may already train. Run in a task context of its own (the one Spark's
   * executor makes), told to stop before the first batch.
   */
  @Test
  void aTaskToldToStopStopsScoringAtItsNextBatch() {
    MultiLayerReplica replica =
        replica("{type: output, units: 10, activation: softmax, loss: mcxent}", "", 0.01);
    TaskContextImpl task = new TaskContextImpl(0, 1, 0, 7L, 0, 1, null, new Properties(), null,
        TaskMetrics.empty(), 1, scala.collection.immutable.Map$.MODULE$.empty());
    TaskContext$.MODULE$.setTaskContext(task);
    try {
      Evaluation scoredBefore = new Evaluation(10);
      assertEquals(300, replica.evaluate(DIGITS.iterator(), 50, scoredBefore).examples(),
          "a task still running scores every batch");
      task.markInterrupted("another task of the barrier stage failed");
      Evaluation classes = new Evaluation(10);
      assertThrows(TaskKilledException.class,
          () -> replica.evaluate(DIGITS.iterator(), 50, classes));
      assertEquals(0, classes.getNumRowCounter(), "rows scored after the stop");
    } finally {
      TaskContext$.MODULE$.unset();
    }
  }

  private static void assertScoresAsDl4j(String output, String modelExtra) {
    MultiLayerReplica replica = replica(output, modelExtra, 0.01);
    Shard shard = Shard.of(DIGITS.iterator(), Target.classes(10));
    int[] order = shard.order(0, false);
    for (int[] range : new int[][] {{0, 256}, {256, 300}}) {
      DataSet batch = shard.batch(order, range[0], range[1]);
      double expected = replica.score(batch);
      double actual = replica.score(batch, replica.predict(batch));
      assertEquals(expected, actual, 1e-5 * Math.abs(expected), output + ", batch " + range[0]);
    }
  }

  private static MultiLayerReplica replica(String output, String modelExtra, double rate) {
    JobSpec spec = SpecReader.parse("name: t\ndata: {source: mnist}\nmodel: {layers: ["
        + "{type: dense, units: 32, activation: relu}, " + output + "]" + modelExtra + "}\n"
        + "optimizer: {type: sgd, learningRate: " + rate + "}\n", "t");
    MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configuration(spec.model(),
        spec.optimizer(), 7, InputShape.flat(784)));
    network.init();
    return MultiLayerReplica.build(network.getLayerWiseConfigurations().toJson(),
        network.params().toFloatVector(), Shard.of(DIGITS.iterator(), Target.classes(10)),
        List.of(), false, false);
  }
}
