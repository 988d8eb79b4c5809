package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The unsupervised examples of {@code conf/} read without problems, and the convolutional
 * autoencoder's decoder gives back an image of the input's size.
 */
class UnsupervisedExamplesTest {

  private static final Path CONF = Path.of("..", "conf");

  @Test
  void dbnPipelinePretrainsTwoRbmsThenFineTunesAgainstScratch() {
    PipelineSpec spec = PipelineReader.read(CONF.resolve("pipelines/mnist-dbn.yaml"));
    assertEquals(List.of("rbm1", "rbm2", "dbn", "scratch"),
        spec.stages().stream().map(Stage::name).toList());
  }

  @Test
  void stackedDenoisingPipelineTrainsTwoAutoencodersLayerByLayer() {
    PipelineSpec spec = PipelineReader.read(
        CONF.resolve("pipelines/mnist-stacked-denoising-autoencoder.yaml"));
    assertEquals(List.of("autoencoder1", "autoencoder2", "frozen-encoders",
        "pretrained-classifier", "scratch"), spec.stages().stream().map(Stage::name).toList());
  }

  @Test
  void rejectsAnRbmLastWhenTheTargetIsTheLabel() {
    ModelSpec rbmOnly = ModelSpec.of(List.of(new LayerSpec(LayerSpec.LayerType.RBM, 16, null,
        null, null, null, null, null, null, null, null, null, null)));
    SpecException e = assertThrows(SpecException.class,
        () -> NetworkFactory.validateAgainstData(rbmOnly, 10));
    assertEquals(List.of("model.layers[0]: an 'rbm' as the last layer learns its input without "
        + "labels; it needs data.target: input"), e.problems());
    // Reconstructing its 784 inputs is what it is for, whatever its hidden units.
    NetworkFactory.validateAgainstData(rbmOnly, 784, "features");
  }

  @Test
  void convolutionalAutoencoderRebuildsA28By28Image() {
    JobSpec spec = SpecReader.read(CONF.resolve("models/mnist-conv-autoencoder.yaml"));
    MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.configuration(spec.model(),
        spec.optimizer(), spec.training().seed(), InputShape.image(1, 28, 28)));
    net.init();
    // conv 16x1x3x3 + 16, conv 8x16x3x3 + 8, deconv 8x8x3x3 + 8, conv 1x8x3x3 + 1
    assertEquals(160 + 1160 + 584 + 73, net.numParams());
    assertArrayEquals(new long[] {2, 784},
        net.output(Nd4j.rand(DataType.FLOAT, 2, 784)).shape());
  }
}
