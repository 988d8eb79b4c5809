package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.Example;
import io.sparktrain.data.IdxFile;
import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.train.replica.StepTally;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training loss a replica reports for a stack that ends in a {@code loss} layer (an
 * autoencoder's) is the loss of its batch, as the evaluation measures it: DL4J's own score of the
 * step is not ({@link MultiLayerReplica}). On real MNIST images from the data cache, fetched
 * first where they are absent.
 */
class LossLayerScoreTest {

  private static final String CONV_AUTOENCODER = "name: t\ndata: {source: mnist, target: input}\n"
      + "model: {layers: [{type: conv2d, filters: 4, kernel: [3, 3], padding: same, "
      + "activation: relu}, {type: subsampling, kernel: [2, 2]}, {type: upsampling2d, "
      + "size: [2, 2]}, {type: conv2d, filters: 1, kernel: [3, 3], padding: same, "
      + "activation: identity}, {type: loss, activation: sigmoid, loss: xent}]}\n"
      + "optimizer: {type: adam, learningRate: 0.002}\n";

  @Test
  void aStepReportsTheLossOfItsBatchBeforeTheUpdate() {
    List<Example> images = images(64);
    JobSpec spec = SpecReader.parse(CONV_AUTOENCODER, "t");
    MultiLayerNetwork initial = new MultiLayerNetwork(NetworkFactory.configuration(spec.model(),
        spec.optimizer(), 7, InputShape.image(1, 28, 28)));
    initial.init();
    Target target = Target.of(DataSpec.Target.INPUT, 784, List.of());
    Shard shard = Shard.of(images.iterator(), target);
    int[] order = shard.order(0, false);
    DataSet firstBatch = shard.batch(order, 0, 32);
    double before = initial.score(firstBatch, false);
    for (boolean fused : new boolean[] {false, true}) {
      MultiLayerReplica replica = MultiLayerReplica.build(
          initial.getLayerWiseConfigurations().toJson(), initial.params().toFloatVector(),
          Shard.of(images.iterator(), target), List.of(), fused, false);
      StepTally tally = replica.trainSteps(order, 0, 1, 32);
      assertEquals(1, tally.steps());
      assertEquals(before, tally.lossSum() / 32, 1e-3 * before,
          (fused ? "fused" : "fit") + " step's loss of the untrained network");
      StepTally next = replica.trainSteps(order, 32, 1, 32);
      assertTrue(next.lossSum() / 32 < before, "loss after one Adam step");
    }
  }

  private static List<Example> images(int count) {
    // MNIST's training images, fetched here if the data cache lacks them (not in a static
    // initialiser, whose failure would read as an ExceptionInInitializerError).
    byte[] raw = IdxFile.open(
        DataCache.fromEnvironment().ensure("mnist").resolve("train-images-idx3-ubyte"))
        .read(0, count);
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] pixels = new float[784];
      for (int p = 0; p < 784; p++) {
        pixels[p] = (raw[i * 784 + p] & 0xff) / 255f;
      }
      examples.add(new Example(i, pixels, 0));
    }
    return examples;
  }
}
