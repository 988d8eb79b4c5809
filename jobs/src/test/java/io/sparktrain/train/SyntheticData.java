package io.sparktrain.train;

import io.sparktrain.data.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Seeded examples and small networks for tests whose claim is about arithmetic, not learning. */
final class SyntheticData {

  static final int FEATURES = 12;
  static final int CLASSES = 3;

  private SyntheticData() {}

  /** Gaussian blobs: the class shifts the mean, so a network has something to fit. */
  static List<Example> blobs(int count, long seed) {
    Random random = new Random(seed);
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int label = random.nextInt(CLASSES);
      float[] x = new float[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        x[j] = (float) (random.nextGaussian() + (j % CLASSES == label ? 1.5 : 0));
      }
      examples.add(new Example(i, x, label));
    }
    return examples;
  }

  static MultiLayerNetwork network(IUpdater updater, long seed) {
    return network(updater, seed, 0);
  }

  /** @param dropout probability of dropping a hidden activation; 0 for none */
  static MultiLayerNetwork network(IUpdater updater, long seed, double dropout) {
    DenseLayer.Builder hidden =
        new DenseLayer.Builder().nIn(FEATURES).nOut(16).activation(Activation.TANH);
    if (dropout > 0) {
      hidden.dropOut(1 - dropout);
    }
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(updater)
        .weightInit(WeightInit.XAVIER)
        .list()
        .layer(hidden.build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nIn(16).nOut(CLASSES).activation(Activation.SOFTMAX).build())
        .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }
}
