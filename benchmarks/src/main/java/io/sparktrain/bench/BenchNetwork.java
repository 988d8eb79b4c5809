package io.sparktrain.bench;

import io.sparktrain.data.LabeledData;
import io.sparktrain.model.GemmConvolution;
import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One network of the engine benchmark, as a job spec of the project's YAML format: its layers,
 * optimizer, batch and seed. Both networks read the same MNIST examples.
 *
 * @param key the name {@code --networks} and {@code mnist_bench.py --network} use
 * @param description for the table's title
 * @param image whether the network takes the examples as 28x28 images rather than flat vectors
 */
record BenchNetwork(String key, String description, JobSpec job, boolean image) {

  /** The default job's MLP, conf/mnist-mlp.yaml: 784-512-256-10, dropout 0.2 after the first. */
  static BenchNetwork mlp() {
    return new BenchNetwork("mlp", "MLP 784-512-256-10 (dropout 0.2)",
        SpecReader.read(Path.of("conf", "mnist-mlp.yaml")), false);
  }

  /** LeNet-5 with ReLU, benchmarks/mnist-lenet.yaml. */
  static BenchNetwork cnn() {
    return new BenchNetwork("cnn", "LeNet CNN conv5x5x20-pool2-conv5x5x50-pool2-500-10",
        SpecReader.read(Path.of("benchmarks", "mnist-lenet.yaml")), true);
  }

  int batchSize() {
    return job.training().batchSize();
  }

  long seed() {
    return job.training().seed();
  }

  /** A fresh network with the spec's initial weights: every candidate starts from the same. */
  MultiLayerNetwork build(LabeledData data) {
    return build(image ? InputShape.of(data.imageShape(), data.numFeatures())
        : InputShape.flat(data.numFeatures()));
  }

  /** A fresh network with the spec's initial weights over inputs of this shape. */
  MultiLayerNetwork build(InputShape input) {
    MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configuration(job.model(),
        job.optimizer(), seed(), input));
    network.init();
    return network;
  }

  /**
   * {@link #build(InputShape)} with conv2d built by the implementation {@code conv} names
   * ({@code gemm} or {@code dl4j}, the values of {@link GemmConvolution#SWITCH}).
   */
  MultiLayerNetwork build(InputShape input, String conv) {
    String previous = System.setProperty(GemmConvolution.SWITCH, conv);
    try {
      return build(input);
    } finally {
      if (previous == null) {
        System.clearProperty(GemmConvolution.SWITCH);
      } else {
        System.setProperty(GemmConvolution.SWITCH, previous);
      }
    }
  }
}
