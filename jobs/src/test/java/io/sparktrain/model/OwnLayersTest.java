package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Example;
import io.sparktrain.data.MnistSample;
import io.sparktrain.runs.NetworkZips;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.SpecReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Model zips name DL4J's classes for sparktrain's own layers, so that DL4J alone restores them,
 * and {@link OwnLayers#adopted} puts the own layers back: a run resumed from its checkpoint
 * trains on exactly as the uninterrupted one.
 */
class OwnLayersTest {

  @TempDir Path dir;

  /** conv 5x5 - max pool 2 - batch norm - conv 3x3 - avg pool 2 - dense - softmax, on MNIST. */
  private static MultiLayerNetwork lenet() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5)
        .dataType(DataType.FLOAT).updater(new Adam(2e-3)).weightInit(WeightInit.XAVIER).list()
        .layer(OwnLayers.picked(new ConvolutionLayer.Builder(5, 5).nOut(6)
            .activation(Activation.RELU).build()))
        .layer(OwnLayers.picked(pool(SubsamplingLayer.PoolingType.MAX)))
        .layer(OwnLayers.picked(new BatchNormalization.Builder().build()))
        .layer(OwnLayers.picked(new ConvolutionLayer.Builder(3, 3).nOut(8)
            .activation(Activation.RELU).build()))
        .layer(OwnLayers.picked(pool(SubsamplingLayer.PoolingType.AVG)))
        .layer(new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
            .activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutionalFlat(28, 28, 1)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** 2x2 windows, stride 2. */
  private static Layer pool(SubsamplingLayer.PoolingType type) {
    return new SubsamplingLayer.Builder(type, new int[] {2, 2}, new int[] {2, 2}).build();
  }

  /** Real MNIST images [from, from + 32), with one-hot labels. */
  private static DataSet mnist(int from) {
    List<Example> images = MnistSample.images(true, from, from + 32);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, images.size(), 10);
    int[] digits = MnistSample.labels(images);
    for (int r = 0; r < digits.length; r++) {
      labels.putScalar(r, digits[r], 1f);
    }
    return new DataSet(MnistSample.features(images), labels);
  }

  private static List<Class<?>> layerClasses(MultiLayerNetwork net) {
    return Arrays.stream(net.getLayers()).<Class<?>>map(Object::getClass).toList();
  }

  private static String configurationJson(File zip) throws IOException {
    try (ZipFile file = new ZipFile(zip);
        InputStream in = file.getInputStream(file.getEntry("configuration.json"))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aZipNamesDl4jsClassesAndDl4jRestoresItWithItsOwnLayers() throws IOException {
    MultiLayerNetwork own = lenet();
    assertEquals(List.of(GemmConvolutionLayer.class, TiledMaxPoolingLayer.class,
        FusedBatchNormalizationLayer.class, GemmConvolutionLayer.class,
        org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.class),
        layerClasses(own).subList(0, 5));
    own.fit(mnist(0));
    own.fit(mnist(32));
    File zip = dir.resolve("lenet.zip").toFile();
    NetworkZips.write(own, zip);

    String json = configurationJson(zip);
    assertFalse(json.contains("io.sparktrain"), json);
    MultiLayerNetwork dl4j = ModelSerializer.restoreMultiLayerNetwork(zip, true);
    assertEquals(List.of(org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class,
        org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.class,
        org.deeplearning4j.nn.layers.normalization.BatchNormalization.class),
        layerClasses(dl4j).subList(0, 3));
    assertEquals(own.params(), dl4j.params());
    assertEquals(own.getUpdater().getStateViewArray(), dl4j.getUpdater().getStateViewArray());
    INDArray test = mnist(64).getFeatures();
    assertArrayEquals(own.output(test).ravel().toFloatVector(),
        dl4j.output(test).ravel().toFloatVector(), 1e-5f,
        "DL4J's layers predict what sparktrain's did");
  }

  /** What a resumed run does: restore the checkpoint, adopt, train on. */
  @Test
  void adoptedLayersTrainOnBitForBitFromTheZip() throws IOException {
    MultiLayerNetwork uninterrupted = lenet();
    uninterrupted.fit(mnist(0));
    File zip = dir.resolve("checkpoint.zip").toFile();
    NetworkZips.write(uninterrupted, zip);
    MultiLayerNetwork resumed = (MultiLayerNetwork) OwnLayers.adopted(NetworkZips.read(zip, true));
    assertEquals(layerClasses(uninterrupted), layerClasses(resumed));
    assertEquals(uninterrupted.getLayerWiseConfigurations(),
        resumed.getLayerWiseConfigurations());
    for (int from = 32; from < 128; from += 32) {
      uninterrupted.fit(mnist(from));
      resumed.fit(mnist(from));
    }
    assertArrayEquals(uninterrupted.params().toFloatVector(), resumed.params().toFloatVector());
    assertArrayEquals(uninterrupted.getUpdater().getStateViewArray().toFloatVector(),
        resumed.getUpdater().getStateViewArray().toFloatVector());
    assertEquals(uninterrupted.getIterationCount(), resumed.getIterationCount());
  }

  @Test
  void aResNetGraphRoundTripsThroughDl4jsNames() throws IOException {
    JobSpec spec = SpecReader.read(Path.of("..", "conf", "models", "resnet-20.yaml"));
    ComputationGraph graph = new ComputationGraph(GraphFactory.configuration(spec.model(),
        OptimizerSpec.defaults(OptimizerSpec.Type.ADAM), 7, InputShape.image(1, 28, 28)));
    graph.init();
    INDArray images = mnist(0).getFeatures().reshape(32, 1, 28, 28);
    INDArray labels = mnist(0).getLabels();
    graph.fit(new INDArray[] {images}, new INDArray[] {labels});
    File zip = dir.resolve("resnet.zip").toFile();
    NetworkZips.write(graph, zip);
    assertFalse(configurationJson(zip).contains("io.sparktrain"));

    ComputationGraph dl4j = ModelSerializer.restoreComputationGraph(zip, true);
    assertEquals(org.deeplearning4j.nn.layers.normalization.BatchNormalization.class,
        dl4j.getLayer("stem-bn").getClass());
    ComputationGraph adopted = (ComputationGraph) OwnLayers.adopted(dl4j);
    assertInstanceOf(FusedBatchNormalizationLayer.class, adopted.getLayer("stem-bn"));
    assertInstanceOf(GemmConvolutionLayer.class, adopted.getLayer("stem"));
    assertArrayEquals(graph.getConfiguration().getTopologicalOrder(),
        adopted.getConfiguration().getTopologicalOrder());
    assertEquals(graph.getConfiguration(), adopted.getConfiguration());
    assertEquals(graph.params(), adopted.params());
    assertEquals(graph.getUpdater().getStateViewArray(),
        adopted.getUpdater().getStateViewArray());
    INDArray test = mnist(32).getFeatures().reshape(32, 1, 28, 28);
    assertArrayEquals(graph.outputSingle(test).ravel().toFloatVector(),
        adopted.outputSingle(test).ravel().toFloatVector());

    // And trains on as the graph it was written from (Adam's state and counts included).
    for (int from = 64; from < 128; from += 32) {
      DataSet batch = mnist(from);
      INDArray[] x = {batch.getFeatures().reshape(32, 1, 28, 28)};
      graph.fit(x, new INDArray[] {batch.getLabels()});
      adopted.fit(x, new INDArray[] {batch.getLabels()});
    }
    assertArrayEquals(graph.params().toFloatVector(), adopted.params().toFloatVector());
  }

  /** A zip of sparktrain's own names (written before they were renamed) under the dl4j switch. */
  @Test
  void theSwitchPutsDl4jsLayersBackIntoANetworkOfOwnLayers() {
    MultiLayerNetwork own = lenet();
    MultiLayerNetwork adopted = Switches.with(FusedBatchNormalization.SWITCH, "dl4j",
        () -> (MultiLayerNetwork) OwnLayers.adopted(own));
    assertEquals(List.of(GemmConvolutionLayer.class, TiledMaxPoolingLayer.class,
        org.deeplearning4j.nn.layers.normalization.BatchNormalization.class),
        layerClasses(adopted).subList(0, 3));
    assertEquals(own.params(), adopted.params());
  }

  @Test
  void frozenLayersKeepTheirWrapperAroundTheOwnLayer() {
    Layer frozen = OwnLayers.picked(new FrozenLayer(
        new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(4).build()));
    assertInstanceOf(GemmConvolution.class, ((FrozenLayer) frozen).getLayer());
    Layer withBackprop = OwnLayers.picked(new FrozenLayerWithBackprop(
        new BatchNormalization.Builder().nOut(4).build()));
    assertInstanceOf(FusedBatchNormalization.class,
        ((FrozenLayerWithBackprop) withBackprop).getUnderlying());
    Layer dense = new FrozenLayer(new DenseLayer.Builder().nIn(2).nOut(3).build());
    assertSame(dense, OwnLayers.picked(dense));
  }

  @Test
  void theSwitchesAndOtherLayersKeepDl4js() {
    MultiLayerNetwork dense = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(3).build())
        .layer(new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
        .build());
    dense.init();
    assertSame(dense, OwnLayers.adopted(dense), "nothing to adopt: the same network");

    Switches.with(GemmConvolution.SWITCH, "dl4j", () -> {
      Layer conv = new ConvolutionLayer.Builder(3, 3).nOut(4).build();
      assertSame(conv, OwnLayers.picked(conv));
      assertInstanceOf(TiledMaxPooling.class,
          OwnLayers.picked(pool(SubsamplingLayer.PoolingType.MAX)));
    });
    Layer average = pool(SubsamplingLayer.PoolingType.AVG);
    assertSame(average, OwnLayers.picked(average));
  }

  /**
   * The run store's renaming table and this class agree: each own layer it builds is renamed to
   * the DL4J class it was built from, and is that class under another name (no field of its
   * own, so the JSON is DL4J's).
   */
  @Test
  void theRunStoreRenamesEveryOwnLayerToItsDl4jClass() {
    Map<String, String> renamed = NetworkZips.ownLayersRenamed();
    List<Layer> dl4j = List.of(new ConvolutionLayer.Builder(3, 3).nOut(4).build(),
        pool(SubsamplingLayer.PoolingType.MAX),
        new BatchNormalization.Builder().build());
    for (Layer layer : dl4j) {
      Layer own = OwnLayers.picked(layer.clone());
      assertNotSame(layer.getClass(), own.getClass());
      assertEquals(layer.getClass().getName(), renamed.get(own.getClass().getName()));
      assertSame(layer.getClass(), own.getClass().getSuperclass());
      assertTrue(Arrays.stream(own.getClass().getDeclaredFields())
          .allMatch(f -> Modifier.isStatic(f.getModifiers())), own.getClass() + "'s fields");
    }
    assertEquals(dl4j.size(), renamed.size());
  }
}
