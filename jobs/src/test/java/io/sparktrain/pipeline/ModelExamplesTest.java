package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** The examples of {@code conf/models/} read without problems and build their networks. */
class ModelExamplesTest {

  private static final Path MODELS = Path.of("..", "conf", "models");

  @Test
  void seluAndReluNetsHaveSixteenHiddenLayersOfTheSameSize() {
    MultiLayerNetwork selu = network(SpecReader.read(MODELS.resolve("selu-16.yaml")));
    MultiLayerNetwork relu = network(SpecReader.read(MODELS.resolve("relu-16.yaml")));
    // 784 -> 64, 15 x (64 -> 64), 64 -> 10, weights and biases; alpha dropout has none.
    long params = (784 * 64 + 64) + 15 * (64 * 64 + 64) + (64 * 10 + 10);
    assertEquals(params, selu.numParams());
    assertEquals(params, relu.numParams());
  }

  @Test
  void textCnnPipelineReadsItsThreeStages() {
    PipelineSpec spec = PipelineReader.read(MODELS.resolve("spam-text-cnn.yaml"));
    assertEquals(3, spec.stages().size());
  }

  private static MultiLayerNetwork network(JobSpec spec) {
    MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.configuration(spec.model(),
        spec.optimizer(), spec.training().seed(), InputShape.flat(784)));
    net.init();
    return net;
  }
}
