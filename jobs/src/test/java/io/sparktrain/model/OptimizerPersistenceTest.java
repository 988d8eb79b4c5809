package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.ClipSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.ScheduleSpec;
import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Every optimizer through model.zip (DL4J's ModelSerializer with the updater, as run directories
 * and checkpoints keep it): the restored network has the same updater, schedule, weight decay and
 * state, so training on from it takes the very steps the original takes.
 */
class OptimizerPersistenceTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(OptimizerSpec.Type.class)
  void trainingOnFromModelZipTakesTheSameSteps(OptimizerSpec.Type type) throws Exception {
    OptimizerSpec spec = new OptimizerSpec(type, 0.05, 0.9, 0.9, 0.99, 1e-6,
        new ScheduleSpec(ScheduleSpec.Type.COSINE, 1, 1, ScheduleSpec.Per.ITERATION, 1, 4, 2,
            0.001, 0, 2), 0.99, 0.9, 0.01, new ClipSpec(ClipSpec.Mode.VALUE, 0.5));
    MultiLayerNetwork original = TinyNetworks.network(spec);
    for (int step = 0; step < 3; step++) {
      original.fit(TinyNetworks.batch(8, step));
    }
    File zip = dir.resolve(type + ".zip").toFile();
    ModelSerializer.writeModel(original, zip, true);
    MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(zip, true);

    BaseLayer before = (BaseLayer) original.getLayerWiseConfigurations().getConf(0).getLayer();
    BaseLayer after = (BaseLayer) restored.getLayerWiseConfigurations().getConf(0).getLayer();
    assertEquals(before.getIUpdater(), after.getIUpdater());
    assertEquals(before.getRegularization(), after.getRegularization());
    assertEquals(before.getGradientNormalization(), after.getGradientNormalization());
    assertEquals(original.getIterationCount(), restored.getIterationCount());
    assertArrayEquals(state(original), state(restored), 0f);
    for (int step = 3; step < 6; step++) {
      DataSet batch = TinyNetworks.batch(8, step);
      original.fit(batch);
      restored.fit(batch);
    }
    assertArrayEquals(original.params().toFloatVector(), restored.params().toFloatVector(), 0f);
    assertTrue(type == OptimizerSpec.Type.SGD || state(restored).length > 0,
        type + " keeps no state to restore");
  }

  private static float[] state(MultiLayerNetwork network) {
    var view = network.getUpdater().getStateViewArray();
    return view == null ? new float[0] : view.toFloatVector();
  }
}
