package io.sparktrain.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * sparktrain writes DL4J's model zip itself, stored rather than deflated: every entry must hold
 * what DL4J's {@code ModelSerializer.writeModel} writes, byte for byte, and DL4J must restore it.
 */
class NetworkZipsTest {

  @TempDir Path dir;

  @Test
  void aStackWithAdamsMomentsIsDl4jsZipStored() throws IOException {
    MultiLayerNetwork stack = stack(new Adam(0.01));
    Map<String, byte[]> ours = assertSameEntriesAsDl4j(stack);
    assertTrue(ours.containsKey("updaterState.bin"));
    MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file("ours"), true);
    assertEquals(stack.params(), restored.params());
    assertEquals(stack.getUpdater().getStateViewArray(),
        restored.getUpdater().getStateViewArray());
    assertEquals(stack.getIterationCount(), restored.getIterationCount());
  }

  /**
   * Entries of several of the writer's 64 KiB blocks and a partial last one (40,003 parameters,
   * 160 kB, and Adam's moments twice that), byte for byte as DL4J writes them.
   */
  @Test
  void entriesOfSeveralBlocksAreDl4jsToo() throws IOException {
    Map<String, byte[]> ours = assertSameEntriesAsDl4j(stack(new Adam(0.01), 5000));
    assertTrue(ours.get("coefficients.bin").length > 2 * 65536
        && ours.get("updaterState.bin").length > 4 * 65536,
        "coefficients of " + ours.get("coefficients.bin").length + " bytes, updater state of "
            + ours.get("updaterState.bin").length);
  }

  /** Plain SGD keeps no updater state, and DL4J writes no entry for it. */
  @Test
  void aStackWithoutUpdaterStateHasNoUpdaterEntry() throws IOException {
    Map<String, byte[]> ours = assertSameEntriesAsDl4j(stack(new Sgd(0.1)));
    assertFalse(ours.containsKey("updaterState.bin"), "entries " + ours.keySet());
  }

  @Test
  void aGraphIsDl4jsZipStored() throws IOException {
    ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3)
        .updater(new Adam(0.01)).graphBuilder().addInputs("in")
        .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(8)
            .activation(Activation.TANH).build(), "in")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8)
            .nOut(3).activation(Activation.SOFTMAX).build(), "hidden")
        .setOutputs("out").build());
    graph.init();
    graph.fit(batch());
    assertSameEntriesAsDl4j(graph);
    ComputationGraph restored = ModelSerializer.restoreComputationGraph(file("ours"), true);
    assertEquals(graph.params(), restored.params());
    assertEquals(graph.getUpdater().getStateViewArray(),
        restored.getUpdater().getStateViewArray());
  }

  @Test
  void objectsFollowAndDl4jReadsThem() throws IOException {
    Map<String, Integer> objects = new LinkedHashMap<>();
    objects.put("first", 7);
    objects.put("second", 11);
    NetworkZips.write(stack(new Adam(0.01)), file("objects"), objects);
    assertEquals(7, ModelSerializer.<Integer>getObjectFromFile(file("objects"), "first"));
    assertEquals(11, ModelSerializer.<Integer>getObjectFromFile(file("objects"), "second"));
    assertEquals(List.of("first", "second"), ModelSerializer.listObjectsInFile(file("objects")));
  }

  /** Writes the network both ways; returns our entries, which are DL4J's in order and bytes. */
  private Map<String, byte[]> assertSameEntriesAsDl4j(Model network) throws IOException {
    ModelSerializer.writeModel(network, file("dl4j"), true);
    NetworkZips.write(network, file("ours"));
    Map<String, byte[]> theirs = entries(file("dl4j"));
    Map<String, byte[]> ours = entries(file("ours"));
    assertEquals(List.copyOf(theirs.keySet()), List.copyOf(ours.keySet()), "entries in order");
    for (String name : theirs.keySet()) {
      assertArrayEquals(theirs.get(name), ours.get(name), name);
    }
    try (ZipFile zip = new ZipFile(file("ours"))) {
      zip.stream().forEach(entry ->
          assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName() + " stored"));
    }
    return ours;
  }

  private static Map<String, byte[]> entries(File zipFile) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(zipFile)) {
      for (ZipEntry entry : zip.stream().toList()) {
        try (InputStream in = zip.getInputStream(entry)) {
          entries.put(entry.getName(), in.readAllBytes());
        }
      }
    }
    return entries;
  }

  private File file(String name) {
    return dir.resolve(name + ".zip").toFile();
  }

  private static MultiLayerNetwork stack(IUpdater updater) {
    return stack(updater, 16);
  }

  /** iris's 4 features, a dense layer of {@code hidden} units, softmax over 3; one step. */
  private static MultiLayerNetwork stack(IUpdater updater, int hidden) {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
        .updater(updater).list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(hidden).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build());
    net.init();
    net.fit(batch());
    return net;
  }

  /** A few rows of Fisher's iris, one per class and two more: enough for one step. */
  private static DataSet batch() {
    float[][] x = {{5.1f, 3.5f, 1.4f, 0.2f}, {7.0f, 3.2f, 4.7f, 1.4f}, {6.3f, 3.3f, 6.0f, 2.5f},
        {4.9f, 3.0f, 1.4f, 0.2f}, {6.4f, 3.2f, 4.5f, 1.5f}};
    float[][] y = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}, {0, 1, 0}};
    return new DataSet(Nd4j.create(x), Nd4j.create(y));
  }
}
