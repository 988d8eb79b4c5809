package io.sparktrain.model.vae;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A variational autoencoder (Kingma and Welling 2014) for images in [0, 1] as a graph with two
 * outputs that the engine trains with DL4J's {@code fit()}: {@code reconstruction} (sigmoid,
 * binary cross-entropy summed over the pixels, the Bernoulli decoder's negative log-likelihood)
 * and {@code kl} (the posterior's KL divergence from the prior, {@link KlLoss}); their sum is the
 * negative ELBO. Both outputs get the input as their target (a reconstruction target), which
 * {@code kl} ignores. DL4J's own VariationalAutoencoder layer is a pretraining layer that only
 * {@code pretrain()} trains, which the engine's replicas never call; this graph needs nothing but
 * {@code fit()}.
 */
public final class VaeNetworks {

  /** The vertex {@code [mu | logVar]}. */
  public static final String POSTERIOR = "posterior";

  private VaeNetworks() {}

  /**
   * What a VAE is made of.
   *
   * @param imageSize pixels per image (784 for MNIST)
   * @param hidden ReLU units of the encoder's and of the decoder's hidden layer
   * @param latent dimensions of the code z
   * @param learningRate Adam's step size
   * @param seed the weights' initialisation
   */
  public record Shape(int imageSize, int hidden, int latent, double learningRate, long seed) {}

  /** A new, initialised VAE. */
  public static ComputationGraph vae(Shape shape) {
    var graph = new NeuralNetConfiguration.Builder()
        .seed(shape.seed()).updater(new Adam(shape.learningRate())).weightInit(WeightInit.XAVIER)
        .graphBuilder()
        .addInputs("image")
        .setInputTypes(InputType.feedForward(shape.imageSize()))
        .addLayer("encoder", dense(shape.hidden(), Activation.RELU), "image")
        .addLayer("mean", dense(shape.latent(), Activation.IDENTITY), "encoder")
        .addLayer("logVariance", dense(shape.latent(), Activation.IDENTITY), "encoder")
        .addVertex(POSTERIOR, new MergeVertex(), "mean", "logVariance")
        .addVertex("z", new SamplingVertex(), POSTERIOR)
        .addLayer("decoder", dense(shape.hidden(), Activation.RELU), "z")
        .addLayer("reconstruction", new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
            .nOut(shape.imageSize()).activation(Activation.SIGMOID).build(), "decoder")
        .addLayer("kl", new LossLayer.Builder().lossFunction(new KlLoss())
            .activation(Activation.IDENTITY).build(), POSTERIOR)
        .setOutputs("reconstruction", "kl")
        .build();
    ComputationGraph vae = new ComputationGraph(graph);
    vae.init();
    return vae;
  }

  /** The decoder's images (pixel probabilities) for codes {@code z}, one per row. */
  public static INDArray decode(ComputationGraph vae, INDArray z) {
    INDArray hidden = Transforms.relu(affine(vae, "decoder", z), false);
    return Transforms.sigmoid(affine(vae, "reconstruction", hidden), false);
  }

  /** The reconstructions of {@code images} through the posterior means (no sampling). */
  public static INDArray reconstruct(ComputationGraph vae, INDArray images) {
    return vae.output(false, images)[0];
  }

  /**
   * Per image, the binary cross-entropy of {@code probabilities} against {@code images}, summed
   * over the pixels (nats), probabilities clipped to [1e-7, 1 - 1e-7].
   */
  public static INDArray crossEntropy(INDArray images, INDArray probabilities) {
    INDArray p = Transforms.min(Transforms.max(probabilities, 1e-7, true), 1 - 1e-7, false);
    INDArray logP = Transforms.log(p, true);
    INDArray logQ = Transforms.log(p.rsub(1.0), false);
    return images.mul(logP).addi(images.rsub(1.0).muli(logQ)).sum(1).negi();
  }

  private static INDArray affine(ComputationGraph vae, String layer, INDArray in) {
    return in.mmul(vae.getLayer(layer).getParam("W")).addiRowVector(vae.getLayer(layer)
        .getParam("b"));
  }

  private static DenseLayer dense(int units, Activation activation) {
    return new DenseLayer.Builder().nOut(units).activation(activation).build();
  }
}
