package io.sparktrain.model.pairs;

import io.sparktrain.model.BarlowTwinsLoss;
import io.sparktrain.model.ContrastiveLoss;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The two-input graphs, over one input {@code pair} that holds both images side by side (as
 * {@code DigitPairs} and {@code TwoViews} make them, so the engine's one-input shards feed them):
 * subset vertices split it, a stack vertex puts both halves into one batch, and the encoder runs
 * once over it (one set of weights, gradients summed over both uses, as the spec's {@code shares}
 * builds it), unstack vertices separate the halves again before the loss.
 */
public final class PairNetworks {

  /** The vertex that holds the encoder's output, the features a probe reads. */
  public static final String ENCODER = "encoder";
  /** The vertex of the Siamese embedding. */
  public static final String EMBEDDING = "embedding";

  private PairNetworks() {}

  /**
   * What a pair network is made of.
   *
   * @param imageSize values in one image (784 for MNIST)
   * @param hidden units of the encoder's hidden (ReLU) layer
   * @param out units of the last layer: the embedding (Siamese) or the projection (Barlow Twins)
   * @param learningRate Adam's step size
   * @param seed the weights' initialisation
   */
  public record Shape(int imageSize, int hidden, int out, double learningRate, long seed) {}

  /**
   * A Siamese network (Bromley et al. 1993; Hadsell et al. 2006): encoder {@code hidden} ReLU
   * units then a linear {@code out}-dimensional embedding, the difference of the two embeddings
   * into the contrastive loss with {@code margin}.
   */
  public static ComputationGraph siamese(Shape shape, double margin) {
    var graph = split(shape)
        .addLayer(ENCODER, dense(shape.hidden(), Activation.RELU), "stacked")
        .addLayer(EMBEDDING, dense(shape.out(), Activation.IDENTITY), ENCODER)
        .addVertex("e1", new UnstackVertex(0, 2), EMBEDDING)
        .addVertex("e2", new UnstackVertex(1, 2), EMBEDDING)
        .addVertex("difference", new ElementWiseVertex(ElementWiseVertex.Op.Subtract), "e1", "e2")
        .addLayer("loss", new LossLayer.Builder().lossFunction(new ContrastiveLoss(margin))
            .activation(Activation.IDENTITY).build(), "difference")
        .setOutputs("loss");
    return init(graph.build());
  }

  /**
   * A Barlow Twins network (Zbontar et al. 2021): encoder {@code hidden} ReLU units, a projector
   * of one ReLU layer and one linear layer of {@code out} units each, both views' projections
   * side by side into the cross-correlation loss with {@code lambda}.
   */
  public static ComputationGraph barlowTwins(Shape shape, double lambda) {
    var graph = split(shape)
        .addLayer(ENCODER, dense(shape.hidden(), Activation.RELU), "stacked")
        .addLayer("projector", dense(shape.out(), Activation.RELU), ENCODER)
        .addLayer("projection", dense(shape.out(), Activation.IDENTITY), "projector")
        .addVertex("z1", new UnstackVertex(0, 2), "projection")
        .addVertex("z2", new UnstackVertex(1, 2), "projection")
        .addVertex("views", new MergeVertex(), "z1", "z2")
        .addLayer("loss", new LossLayer.Builder().lossFunction(new BarlowTwinsLoss(lambda))
            .activation(Activation.IDENTITY).build(), "views")
        .setOutputs("loss");
    return init(graph.build());
  }

  /**
   * The activations of {@code vertex} for single images: each is fed as the pair
   * {@code [image | image]} and the first half of the stacked batch kept.
   *
   * @param images one image per row
   */
  public static INDArray features(ComputationGraph graph, String vertex, INDArray images) {
    INDArray pairs = Nd4j.hstack(images, images);
    INDArray stacked = graph.feedForward(new INDArray[] {pairs}, false, false).get(vertex);
    return stacked.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, images.size(0)),
        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
  }

  private static ComputationGraphConfiguration.GraphBuilder split(Shape shape) {
    int n = shape.imageSize();
    return new NeuralNetConfiguration.Builder()
        .seed(shape.seed())
        .updater(new Adam(shape.learningRate()))
        .weightInit(WeightInit.RELU)
        .graphBuilder()
        .addInputs("pair")
        .setInputTypes(InputType.feedForward(2L * n))
        .addVertex("first", new SubsetVertex(0, n - 1), "pair")
        .addVertex("second", new SubsetVertex(n, 2 * n - 1), "pair")
        .addVertex("stacked", new StackVertex(), "first", "second");
  }

  private static DenseLayer dense(int units, Activation activation) {
    return new DenseLayer.Builder().nOut(units).activation(activation).build();
  }

  private static ComputationGraph init(ComputationGraphConfiguration configuration) {
    ComputationGraph graph = new ComputationGraph(configuration);
    graph.init();
    return graph;
  }
}
