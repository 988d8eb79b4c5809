package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** How many examples the scoring runs through the network at a time. */
class EvalTaskTest {

  @Test
  void aDenseStackScoresUpTo1024ExamplesABatchFewerAsItsWidestLayerWidens() {
    assertEquals(1024, EvalTask.batchSize(replica(784, 512, 256, 10)), "the default job's MLP");
    assertEquals(512, EvalTask.batchSize(replica(20, 8_192, 10)),
        "16 MB of the widest activation a batch at most, however narrow the input");
    assertEquals(256, EvalTask.batchSize(replica(20, 65_536, 10)), "never fewer than 256");
  }

  @Test
  void anyOtherNetworkScores256ExamplesABatch() {
    MultiLayerNetwork cnn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
        .layer(new ConvolutionLayer.Builder(5, 5).nOut(4).build())
        .layer(output(10))
        .setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
    cnn.init();
    assertEquals(256, EvalTask.batchSize(MultiLayerReplica.of(cnn)), "a convolution");
    MultiLayerNetwork normalised = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .list()
        .layer(new DenseLayer.Builder().nOut(32).build())
        .layer(new BatchNormalization.Builder().build())
        .layer(output(10))
        .setInputType(InputType.feedForward(20)).build());
    normalised.init();
    assertEquals(256, EvalTask.batchSize(MultiLayerReplica.of(normalised)),
        "a layer other than dense, dropout or output, with no preprocessor before it");
  }

  /** A dense stack of these widths, input first, with a dropout layer in it. */
  private static MultiLayerReplica replica(int... widths) {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder().list()
        .layer(new DropoutLayer.Builder(0.8).build());
    for (int i = 1; i < widths.length - 1; i++) {
      layers.layer(new DenseLayer.Builder().nOut(widths[i]).activation(Activation.RELU).build());
    }
    MultiLayerConfiguration conf = layers.layer(output(widths[widths.length - 1]))
        .setInputType(InputType.feedForward(widths[0])).build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return MultiLayerReplica.of(network);
  }

  private static OutputLayer output(int classes) {
    return new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes)
        .activation(Activation.SOFTMAX).build();
  }
}
