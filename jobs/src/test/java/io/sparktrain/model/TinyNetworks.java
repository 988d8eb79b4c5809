package io.sparktrain.model;

import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.OptimizerSpec;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Small seeded networks and batches for tests whose claim is about arithmetic, not learning. */
final class TinyNetworks {

  static final int FEATURES = 5;
  static final int CLASSES = 3;

  private TinyNetworks() {}

  /** A 5-4-3 tanh/softmax network built by the spec path, {@code optimizer} on every layer. */
  static MultiLayerConfiguration configuration(OptimizerSpec optimizer) {
    LayerSpec hidden = new LayerSpec(LayerSpec.LayerType.DENSE, 4, null, null, null, null, null,
        LayerSpec.Activation.TANH, null, null, null, null, null);
    return NetworkFactory.configuration(ModelSpec.of(List.of(hidden, LayerSpec.output(CLASSES))),
        optimizer, 42, InputShape.flat(FEATURES));
  }

  /** The network of {@link #configuration}, initialised, with the optimizer's rules installed. */
  static MultiLayerNetwork network(OptimizerSpec optimizer) {
    MultiLayerNetwork network = new MultiLayerNetwork(configuration(optimizer));
    network.init();
    OptimizerRules.install(network, optimizer);
    return network;
  }

  /** {@code rows} seeded examples with one-hot labels. */
  static DataSet batch(int rows, long seed) {
    Random random = new Random(seed);
    float[] x = new float[rows * FEATURES];
    float[] y = new float[rows * CLASSES];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < FEATURES; j++) {
        x[r * FEATURES + j] = (float) random.nextGaussian();
      }
      y[r * CLASSES + random.nextInt(CLASSES)] = 1f;
    }
    return new DataSet(Nd4j.create(x, new long[] {rows, FEATURES}),
        Nd4j.create(y, new long[] {rows, CLASSES}));
  }
}
