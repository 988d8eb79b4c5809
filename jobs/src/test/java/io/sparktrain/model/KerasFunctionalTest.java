package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras functional models (two branches, Add, Concatenate) imported as graphs. */
class KerasFunctionalTest {

  private static final KerasFunctionalFiles MODEL = KerasFunctionalFiles.seeded(5, 4, 3, 7);

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"Model", "Functional"})
  void importsAFunctionalModelAsAGraphComputingTheSameForwardPass(String className) {
    Path h5 = dir.resolve("functional.h5");
    MODEL.write(h5, className);

    ComputationGraph graph = assertInstanceOf(ComputationGraph.class, KerasModels.load(h5));

    assertEquals(DataType.FLOAT, graph.params().dataType());
    assertEquals(List.of("out"), graph.getConfiguration().getNetworkOutputs());
    for (KerasH5Writer.Dense dense : List.of(MODEL.a(), MODEL.b(), MODEL.out())) {
      assertEquals(Nd4j.createFromArray(dense.kernel()), graph.getLayer(dense.name()).getParam("W"),
          dense.name());
    }
    INDArray x = inputs(6, 5, new Random(3));
    INDArray expected = MODEL.forward(x);
    INDArray actual = graph.outputSingle(x);
    assertArrayEquals(expected.shape(), actual.shape());
    assertArrayEquals(expected.ravel().toDoubleVector(), actual.ravel().toDoubleVector(), 1e-5);
  }

  /** Values in [-2, 2), so that relu clips some units and softmax is not flat. */
  private static INDArray inputs(int rows, int cols, Random random) {
    float[][] x = new float[rows][cols];
    for (float[] row : x) {
      for (int j = 0; j < cols; j++) {
        row[j] = 4 * random.nextFloat() - 2;
      }
    }
    return Nd4j.createFromArray(x);
  }

  @Test
  void anUnsupportedLayerIsADataExceptionNamingTheFileAndTheLayer() {
    // A custom layer class from Python code that DL4J cannot know.
    Path h5 = dir.resolve("custom.h5");
    MODEL.write(h5, "Model", KerasFunctionalFiles.layer("scale_by_two", "ScaleLayer",
        "\"trainable\": true, \"factor\": 2.0", List.of("dense_b")));

    DataException e = assertThrows(DataException.class, () -> KerasModels.load(h5));

    assertTrue(e.getMessage().contains("custom.h5"), e.getMessage());
    assertTrue(e.getMessage().contains("'scale_by_two'") && e.getMessage().contains("ScaleLayer"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
