package io.sparktrain.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.buffer.util.DataTypeUtil;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Every parameter's gradient, inside sparktrain's SameDiff layers and in the dense layer below
 * them, against central differences of the loss in double precision. DL4J 1.0.0-M2.1's SameDiff
 * layer returns exactly twice the true gradient (measured for all three before
 * {@link ExactGradientLayer}): that doubled the learning rate of these layers and of everything
 * below them, and a stack of 20 highway layers diverged.
 */
class SameDiffGradientTest {

  @ParameterizedTest
  @ValueSource(strings = {"highway", "layernorm", "weightnorm"})
  void gradientsMatchFiniteDifferences(String kind) {
    DataTypeUtil.setDTypeForContext(DataType.DOUBLE);
    try {
      MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
          .dataType(DataType.DOUBLE).updater(new NoOp()).list()
          .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
          .layer(layer(kind))
          .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
              .activation(Activation.IDENTITY).nOut(2).build())
          .setInputType(InputType.feedForward(3)).build());
      net.init();
      Nd4j.getRandom().setSeed(4);
      DataSet data = new DataSet(Nd4j.randn(DataType.DOUBLE, 5, 3),
          Nd4j.randn(DataType.DOUBLE, 5, 2));
      GradientCheck.exact().assertMatches(net, data, kind);
    } finally {
      DataTypeUtil.setDTypeForContext(DataType.FLOAT);
    }
  }

  private static Layer layer(String kind) {
    return switch (kind) {
      case "highway" -> new Highway(Activation.TANH, WeightInit.XAVIER, 0, 0);
      case "layernorm" -> new LayerNormalization(1e-5);
      case "weightnorm" -> new WeightNormDense(3, Activation.TANH, WeightInit.XAVIER, 0, 0);
      default -> throw new IllegalArgumentException(kind);
    };
  }
}
