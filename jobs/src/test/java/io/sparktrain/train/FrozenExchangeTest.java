package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Example;
import io.sparktrain.model.InputShape;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.transfer.NetworkSurgery;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A transferred network trained by the engine: its frozen layers come out bit-identical, its new
 * head learns, and a round exchanges only the head (and the head's Adam moments).
 */
class FrozenExchangeTest extends LocalSparkTest {

  private static final long SEED = 11;

  @ParameterizedTest(name = "barrier engine: {0}")
  @ValueSource(booleans = {true, false})
  void frozenLayersStayBitIdenticalAndAreNotExchanged(boolean barrier) {
    List<Example> data = SyntheticData.blobs(192, 3);
    MultiLayerNetwork source = SyntheticData.network(new Adam(0.01), SEED);
    ModelSpec head = ModelSpec.of(List.of(LayerSpec.dense(8), LayerSpec.output(3)));
    MultiLayerNetwork frozen = NetworkSurgery.transfer(source, 0, true, head, new Adam(0.01),
        SEED, InputShape.flat(SyntheticData.FEATURES));
    MultiLayerNetwork unfrozen = NetworkSurgery.transfer(source, 0, false, head, new Adam(0.01),
        SEED, InputShape.flat(SyntheticData.FEATURES));
    float[] kept = source.getLayer(0).params().toFloatVector();
    assertArrayEquals(kept, frozen.getLayer(0).params().toFloatVector(), 0f,
        "transfer copies the kept layer's parameters");

    EngineOptions options = new EngineOptions(16, 2, SyntheticData.CLASSES, SEED, true);
    long frozenBytes;
    long unfrozenBytes;
    float[] headBefore = frozen.getLayer(1).params().toFloatVector();
    try (TrainingEngine engine = engine(barrier, data, frozen, options)) {
      double firstLoss = engine.trainEpoch(0, RoundListener.NONE).meanLoss();
      double lastLoss = firstLoss;
      for (int epoch = 1; epoch < 4; epoch++) {
        lastLoss = engine.trainEpoch(epoch, RoundListener.NONE).meanLoss();
      }
      frozenBytes = engine.bytesPerRound();
      MultiLayerNetwork trained = engine.model();
      assertArrayEquals(kept, trained.getLayer(0).params().toFloatVector(), 0f,
          "frozen parameters must be bit-identical after training");
      float[] headAfter = trained.getLayer(1).params().toFloatVector();
      assertTrue(maxDifference(headBefore, headAfter) > 1e-3, "the head must train");
      assertTrue(lastLoss < firstLoss, "the head must learn: " + firstLoss + " -> " + lastLoss);
    }
    try (TrainingEngine engine = engine(barrier, data, unfrozen, options)) {
      engine.trainEpoch(0, RoundListener.NONE);
      unfrozenBytes = engine.bytesPerRound();
      assertTrue(maxDifference(kept, engine.model().getLayer(0).params().toFloatVector()) > 0,
          "without freezing the kept layer trains");
    }
    long keptParams = source.getLayer(0).numParams();
    // Adam keeps two moments per trainable parameter: 3 floats of 4 bytes leave the exchange.
    assertEquals(unfrozenBytes - 3 * 4 * keptParams, frozenBytes);
  }

  private static TrainingEngine engine(boolean barrier, List<Example> data,
      MultiLayerNetwork network, EngineOptions options) {
    return barrier
        ? new BarrierEngine(sc, sc.parallelize(data, 2), network, options)
        : new AveragingEngine(sc, sc.parallelize(data, 2), network, options);
  }

  private static float maxDifference(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
