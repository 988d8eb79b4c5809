package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.LayerSpec;
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

  @Test
  void svmHeadDiffersFromItsSoftmaxTwinOnlyInTheHead() {
    JobSpec svm = SpecReader.read(MODELS.resolve("mnist-svm-head.yaml"));
    JobSpec softmax = SpecReader.read(MODELS.resolve("mnist-softmax-head.yaml"));
    int last = svm.model().layers().size() - 1;
    assertEquals(softmax.model().layers().subList(0, last), svm.model().layers().subList(0, last));
    assertEquals(LayerSpec.Loss.SQUARED_HINGE, svm.model().layers().get(last).loss());
    assertEquals(LayerSpec.Activation.IDENTITY, svm.model().layers().get(last).activation());
    assertEquals(softmax.optimizer(), svm.optimizer());
    assertEquals(softmax.training(), svm.training());
    assertEquals(network(softmax).numParams(), network(svm).numParams());
  }

  @Test
  void targetExamplesReadTheirTargetKinds() {
    assertEquals(DataSpec.Target.MULTI_LABEL,
        SpecReader.read(MODELS.resolve("mnist-attributes-multilabel.yaml")).data().target());
    DataSpec wine =
        SpecReader.read(MODELS.resolve("wine-flavanoids-regression.yaml")).data();
    assertEquals(DataSpec.Target.REGRESSION, wine.target());
    assertEquals(java.util.List.of(6), wine.targetColumns());
  }

  private static MultiLayerNetwork network(JobSpec spec) {
    MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.configuration(spec.model(),
        spec.optimizer(), spec.training().seed(), InputShape.flat(784)));
    net.init();
    return net;
  }
}
