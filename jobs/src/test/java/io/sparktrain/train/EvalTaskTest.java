package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** How many examples the scoring runs through the network at a time. */
class EvalTaskTest {

  @Test
  void aDenseStackScoresUpTo1024ExamplesABatchFewerAsItsInputWidens() {
    MultiLayerReplica dense = MultiLayerReplica.of(SyntheticData.network(new Adam(1e-3), 3, 0.2));
    assertEquals(1024, EvalTask.batchSize(dense, 784), "MNIST's rows");
    assertEquals(512, EvalTask.batchSize(dense, 8_192), "16 MB of input a batch at most");
    assertEquals(256, EvalTask.batchSize(dense, 150_528), "never fewer than 256");
  }

  @Test
  void aConvolutionScores256ExamplesABatchWhateverItsInput() {
    MultiLayerNetwork cnn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
        .layer(new ConvolutionLayer.Builder(5, 5).nOut(4).build())
        .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10)
            .activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
    cnn.init();
    assertEquals(256, EvalTask.batchSize(MultiLayerReplica.of(cnn), 784));
  }
}
