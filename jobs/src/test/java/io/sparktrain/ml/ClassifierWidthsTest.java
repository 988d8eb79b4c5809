package io.sparktrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparktrain.model.GraphFactory;
import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class ClassifierWidthsTest {

  /** A denoising autoencoder's classifier starts with dropout, which has no weights to read. */
  @Test
  void aStackThatStartsWithDropoutTakesItsDenseLayersWidth() {
    assertEquals(new ClassifierWidths(784, 10), widths("[{type: dropout, dropout: 0.5}, "
        + "{type: dense, units: 32}, {type: output, units: 10}]", InputShape.flat(784)));
  }

  @Test
  void aConvolutionalStackTakesItsImagesPixels() {
    assertEquals(new ClassifierWidths(784, 10), widths("[{type: conv2d, filters: 4, "
        + "kernel: [3, 3]}, {type: output, units: 10}]", InputShape.image(1, 28, 28)));
  }

  /**
   * A graph whose inputs read feature columns takes the whole feature vector (30 wide), not the
   * 10 columns its first branch reads; read back from JSON as a saved model is.
   */
  @Test
  void aGraphOfColumnInputsTakesTheWholeFeatureVector() throws Exception {
    JobSpec spec = SpecReader.parse(Files.readString(Path.of("..", "conf", "models",
        "breast-cancer-two-inputs.yaml")), "t");
    ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(
        GraphFactory.configuration(spec.model(), spec.optimizer(), 1, InputShape.flat(30))
            .toJson());
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();

    assertEquals(new ClassifierWidths(30, 2), ClassifierWidths.of(graph));
  }

  private static ClassifierWidths widths(String layers, InputShape input) {
    JobSpec spec = SpecReader.parse("name: t\ndata: {source: mnist}\nmodel: {layers: " + layers
        + "}\n", "t");
    MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configuration(spec.model(),
        spec.optimizer(), 1, input));
    network.init();
    return ClassifierWidths.of(network);
  }
}
