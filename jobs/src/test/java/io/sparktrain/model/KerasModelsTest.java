package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.train.TrainableParameters;
import io.sparktrain.transfer.ModelSources;
import io.sparktrain.transfer.NetworkSurgery;
import io.sparktrain.transfer.StageNetworks;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.learning.config.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KerasModelsTest {

  // Dense(3, relu) on 4 inputs, then Dense(2, softmax). Mixed signs so relu clips some units.
  private static final float[][] W1 = {
      {0.5f, -0.3f, 0.8f},
      {-0.2f, 0.7f, 0.1f},
      {0.4f, 0.25f, -0.6f},
      {-0.9f, 0.05f, 0.3f}};
  private static final float[] B1 = {0.1f, -0.2f, 0.05f};
  private static final float[][] W2 = {
      {0.6f, -0.4f},
      {-0.35f, 0.9f},
      {0.2f, 0.15f}};
  private static final float[] B2 = {-0.05f, 0.1f};

  @TempDir Path dir;

  @Test
  void aKerasModelTransfersByLayerNameWithItsLayerFrozen() {
    Path h5 = dir.resolve("m.h5");
    KerasH5Writer.write(h5, sequentialConfig("Sequential"), List.of(
        new KerasH5Writer.Dense("dense", W1, B1), new KerasH5Writer.Dense("dense_1", W2, B2)));
    MultiLayerNetwork source = (MultiLayerNetwork) ModelSources.load(
        new org.apache.hadoop.fs.Path(h5.toUri()), new Configuration());

    int keep = StageNetworks.layerIndex(source, "dense", "keep");
    MultiLayerNetwork transferred = NetworkSurgery.transfer(source, keep,
        true, ModelSpec.of(List.of(LayerSpec.output(5))),
        new Adam(0.01), 1, InputShape.flat(4));

    assertEquals(0, keep);
    assertMatrixEquals(W1, transferred.getLayer(0).getParam("W"));
    assertTrue(TrainableParameters.isFrozen(transferred.getLayer(0)));
    assertEquals(3 * 5 + 5, TrainableParameters.of(transferred).count(),
        "only the new 3 -> 5 head trains");
    assertEquals(5, transferred.output(Nd4j.createFromArray(new float[][] {{1f, 2f, -1f, 0.5f}}))
        .size(1));
  }

  @Test
  void importsASequentialDenseModelWithItsWeights() {
    Path h5 = dir.resolve("m.h5");
    KerasH5Writer.write(h5, sequentialConfig("Sequential"), List.of(
        new KerasH5Writer.Dense("dense", W1, B1), new KerasH5Writer.Dense("dense_1", W2, B2)));

    MultiLayerNetwork network = (MultiLayerNetwork) KerasModels.load(h5);

    assertEquals(2, network.getnLayers());
    assertEquals(DataType.FLOAT, network.params().dataType());
    // DL4J's dense W is [nIn, nOut], the same orientation as the Keras kernel.
    assertMatrixEquals(W1, network.getLayer(0).getParam("W"));
    assertArrayEquals(B1, network.getLayer(0).getParam("b").toFloatVector(), 0f);
    assertMatrixEquals(W2, network.getLayer(1).getParam("W"));
    assertArrayEquals(B2, network.getLayer(1).getParam("b").toFloatVector(), 0f);

    float[][] inputs = {{1f, 2f, -1f, 0.5f}, {-0.3f, 0.8f, 1.5f, -2f}, {0f, 0f, 0f, 0f}};
    INDArray output = network.output(Nd4j.createFromArray(inputs));
    for (int i = 0; i < inputs.length; i++) {
      assertArrayEquals(forward(inputs[i]), output.getRow(i).toDoubleVector(), 1e-5,
          "example " + i);
    }
  }

  @Test
  void aTextFileNamedH5IsADataExceptionNamingTheFile() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.h5"), "not a model\n");
    DataException e = assertThrows(DataException.class, () -> KerasModels.load(bad));
    assertTrue(e.getMessage().contains("bad.h5"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aMissingFileIsADataExceptionNamingTheFile() {
    Path missing = dir.resolve("missing.h5");
    DataException e = assertThrows(DataException.class, () -> KerasModels.load(missing));
    assertTrue(e.getMessage().contains("missing.h5"), e.getMessage());
  }

  @Test
  void aModelOfAnotherClassIsADataExceptionNamingTheFileAndTheClass() {
    Path other = dir.resolve("other.h5");
    KerasH5Writer.write(other, sequentialConfig("Estimator"), List.of(
        new KerasH5Writer.Dense("dense", W1, B1), new KerasH5Writer.Dense("dense_1", W2, B2)));
    DataException e = assertThrows(DataException.class, () -> KerasModels.load(other));
    assertTrue(e.getMessage().contains("other.h5") && e.getMessage().contains("'Estimator'"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void recognisesKerasFilesByExtension() {
    assertTrue(KerasModels.isKeras("models/m.h5"));
    assertTrue(KerasModels.isKeras("hdfs:///models/M.HDF5"));
    assertFalse(KerasModels.isKeras("model.zip"));
    assertFalse(KerasModels.isKeras("h5"));
    assertFalse(KerasModels.isKeras(null));
  }

  /** softmax(relu(x·W1 + b1)·W2 + b2), in double. */
  private static double[] forward(float[] x) {
    double[] hidden = affine(x, W1, B1);
    for (int j = 0; j < hidden.length; j++) {
      hidden[j] = Math.max(0, hidden[j]);
    }
    float[] h = new float[hidden.length];
    for (int j = 0; j < h.length; j++) {
      h[j] = (float) hidden[j];
    }
    double[] logits = affine(h, W2, B2);
    double max = Math.max(logits[0], logits[1]);
    double sum = 0;
    for (int j = 0; j < logits.length; j++) {
      logits[j] = Math.exp(logits[j] - max);
      sum += logits[j];
    }
    for (int j = 0; j < logits.length; j++) {
      logits[j] /= sum;
    }
    return logits;
  }

  private static double[] affine(float[] x, float[][] w, float[] b) {
    double[] out = new double[b.length];
    for (int j = 0; j < b.length; j++) {
      out[j] = b[j];
      for (int i = 0; i < x.length; i++) {
        out[j] += (double) x[i] * w[i][j];
      }
    }
    return out;
  }

  private static void assertMatrixEquals(float[][] expected, INDArray actual) {
    assertArrayEquals(new long[] {expected.length, expected[0].length}, actual.shape());
    for (int r = 0; r < expected.length; r++) {
      assertArrayEquals(expected[r], actual.getRow(r).toFloatVector(), 0f, "row " + r);
    }
  }

  /** model_config as Keras 2.2.4 writes it for Dense(3, relu, input 4) then Dense(2, softmax). */
  private static String sequentialConfig(String className) {
    return "{\"class_name\": \"" + className + "\", \"config\": {\"name\": \"sequential\","
        + " \"layers\": [" + denseConfig("dense", 3, "relu", ", \"batch_input_shape\": [null, 4]")
        + ", " + denseConfig("dense_1", 2, "softmax", "") + "]}}";
  }

  private static String denseConfig(String name, int units, String activation, String extra) {
    return "{\"class_name\": \"Dense\", \"config\": {\"name\": \"" + name + "\","
        + " \"trainable\": true" + extra + ", \"dtype\": \"float32\", \"units\": " + units
        + ", \"activation\": \"" + activation + "\", \"use_bias\": true,"
        + " \"kernel_initializer\": {\"class_name\": \"VarianceScaling\", \"config\":"
        + " {\"scale\": 1.0, \"mode\": \"fan_avg\", \"distribution\": \"uniform\","
        + " \"seed\": null}}, \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}},"
        + " \"kernel_regularizer\": null, \"bias_regularizer\": null,"
        + " \"activity_regularizer\": null, \"kernel_constraint\": null,"
        + " \"bias_constraint\": null}}";
  }
}
