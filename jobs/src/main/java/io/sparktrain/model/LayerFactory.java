package io.sparktrain.model;

import io.sparktrain.model.unsup.RbmLayer;
import io.sparktrain.model.vae.KlLoss;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.SpecException;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.dropout.AlphaDropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;

/**
 * Maps one {@link LayerSpec} to a DL4J layer configuration. Input sizes are left to DL4J's
 * {@code setInputType}. Unset fields take the spec's defaults via {@link LayerSpec#resolved}.
 */
final class LayerFactory {

  private LayerFactory() {}

  /**
   * @param input what the network reads; only an embedding layer looks at it
   * @throws SpecException if an embedding layer's input is not text, or its units differ from
   *     the pretrained vectors' dimension
   */
  static Layer layer(LayerSpec given, ModelSpec model, InputShape input, int index) {
    LayerSpec l = given.resolved(model.weightInit(), model.l1(), model.l2());
    return switch (l.type()) {
      case EMBEDDING -> embedding(l, input, index);
      case GLOBAL_POOLING -> new GlobalPoolingLayer.Builder(l.pooling() == LayerSpec.Pooling.AVG
          ? PoolingType.AVG : PoolingType.MAX).build();
      case DENSE -> l.weightNorm()
          ? new WeightNormDense(l.units(), activation(l.activation()), weightInit(l.weightInit()),
              l.l1(), l.l2())
          : weighted(new DenseLayer.Builder().nOut(l.units()), l).build();
      case CONV2D -> OwnLayers.picked(weighted(new ConvolutionLayer.Builder(pair(l.kernel()))
          .stride(pair(l.stride())).nOut(l.filters()).convolutionMode(mode(l)), l).build());
      case CONV1D -> weighted(new Convolution1DLayer.Builder(l.kernel().get(0), l.stride().get(0))
          .nOut(l.filters()).convolutionMode(mode(l)), l).build();
      case SUBSAMPLING -> OwnLayers.picked(new SubsamplingLayer.Builder(pooling(l),
          pair(l.kernel()), pair(l.stride())).convolutionMode(mode(l)).build());
      case BATCHNORM -> OwnLayers.picked(
          new BatchNormalization.Builder().decay(l.decay()).eps(l.epsilon()).build());
      case LAYERNORM -> new LayerNormalization(l.epsilon());
      case ACTIVATION -> new ActivationLayer.Builder().activation(activation(l.activation()))
          .build();
      // DL4J's argument is the probability of RETAINING an activation.
      case DROPOUT -> new DropoutLayer.Builder(1.0 - l.dropout()).build();
      case ALPHA_DROPOUT -> new DropoutLayer.Builder().dropOut(new AlphaDropout(1.0 - l.dropout()))
          .build();
      case OUTPUT -> followsSequences(model, index)
          ? weighted(new RnnOutputLayer.Builder(loss(l)).nOut(l.units()), l).build()
          : weighted(new OutputLayer.Builder(loss(l)).nOut(l.units()), l).build();
      case RBM -> new RbmLayer(l.units(), l.gibbsSteps(),
          weightInit(l.weightInit()).getWeightInitFunction(), Penalties.of(l.l1(), l.l2()));
      case UPSAMPLING2D -> new Upsampling2D.Builder().size(pair(l.size())).build();
      case DECONV2D -> weighted(new Deconvolution2D.Builder(pair(l.kernel()))
          .stride(pair(l.stride())).nOut(l.filters()).convolutionMode(mode(l)), l).build();
      case LOSS -> new LossLayer.Builder(loss(l)).activation(activation(l.activation())).build();
      case RNN, LSTM, GRU -> RecurrentLayers.layer(l);
      case HIGHWAY -> new Highway(activation(l.activation()), weightInit(l.weightInit()), l.l1(),
          l.l2());
      case PATCH_EMBEDDING -> new PatchEmbedding(l.units(), l.kernel().get(0), l.kernel().get(1),
          weightInit(l.weightInit()));
      case GMLP -> new GmlpBlock(l.units(), l.epsilon(), weightInit(l.weightInit()));
    };
  }

  /**
   * Word ids to vectors over the whole text (DL4J's sequence embedding: [batch, dim, length]).
   * Frozen, it is wrapped as DL4J's transfer learning wraps a kept layer, so a finetune stage
   * unfreezes it the same way.
   */
  private static Layer embedding(LayerSpec l, InputShape input, int index) {
    String field = "model.layers[" + index + "]";
    if (input == null || input.words() == null) {
      throw new SpecException("model", List.of(field + ": an 'embedding' layer reads word ids; "
          + "the data must be text (data.source: " + String.join(", ", DataSpec.TEXT_SOURCES)
          + ")"));
    }
    int dim = input.words().dim();
    if (l.units() != null && l.pretrained() && l.units() != dim) {
      throw new SpecException("model", List.of(field + ".units: the pretrained vectors have " + dim
          + " dimensions, found " + l.units()));
    }
    Layer embedding = new EmbeddingSequenceLayer.Builder().nIn(input.words().rows())
        .nOut(l.units() != null ? l.units() : dim).inputLength(input.width()).hasBias(false)
        .weightInit(weightInit(l.weightInit())).l1(l.l1()).l2(l.l2()).build();
    return l.frozen() ? new FrozenLayer(embedding) : embedding;
  }

  /**
   * Activation, initialisation, penalties and max-norm, shared by the layers that have weights.
   */
  /**
   * Whether layer {@code index} reads every step of a recurrent layer ({@code returnSequences}):
   * an output there scores each step (many-to-many), with DL4J's per-step output layer.
   */
  private static boolean followsSequences(ModelSpec model, int index) {
    if (model.isGraph() || index == 0) {
      return false;
    }
    LayerSpec before = model.layers().get(index - 1);
    return before.type().recurrent() && Boolean.TRUE.equals(before.returnSequences());
  }

  static <B extends BaseLayer.Builder<B>> B weighted(B builder, LayerSpec l) {
    builder.activation(activation(l.activation())).weightInit(weightInit(l.weightInit()))
        .l1(l.l1()).l2(l.l2());
    return l.maxNorm() == null ? builder
        : builder.constrainWeights(new MaxNormConstraint(l.maxNorm(), unitAxes(l.type())));
  }

  /**
   * The axes of a weight array that hold one unit's incoming weights, over which max-norm takes
   * the L2 norm: DL4J stores dense weights [in, out] and convolution kernels [out, in, k...].
   */
  private static int[] unitAxes(LayerSpec.LayerType type) {
    return switch (type) {
      case CONV2D -> new int[] {1, 2, 3};
      case CONV1D -> new int[] {1, 2, 3};
      default -> new int[] {0};
    };
  }

  static Activation activation(LayerSpec.Activation a) {
    return Activation.valueOf(a.name());
  }

  static WeightInit weightInit(LayerSpec.WeightInit w) {
    return WeightInit.valueOf(w.name());
  }

  /**
   * The output layer's loss: DL4J's where it has the rule, sparktrain's for label smoothing,
   * Huber and hinge over 0/1 targets ({@link LabelSmoothingLoss}, {@link HuberLoss},
   * {@link PlusMinusHingeLoss}) and the representation losses ({@link ContrastiveLoss},
   * {@link BarlowTwinsLoss}, the VAE's KL).
   */
  static ILossFunction loss(LayerSpec output) {
    double smoothing = output.labelSmoothing() == null ? 0 : output.labelSmoothing();
    return switch (output.loss()) {
      case MCXENT -> smoothing > 0 ? new LabelSmoothingLoss(smoothing) : new LossMCXENT();
      // DL4J's negative log-likelihood is its multi-class cross-entropy under another name.
      case NEGATIVELOGLIKELIHOOD -> smoothing > 0
          ? new LabelSmoothingLoss(smoothing) : new LossNegativeLogLikelihood();
      case MSE -> new LossMSE();
      case XENT -> new LossBinaryXENT();
      case HINGE -> new PlusMinusHingeLoss(false);
      case SQUARED_HINGE -> new PlusMinusHingeLoss(true);
      case MAE -> new LossMAE();
      case HUBER -> new HuberLoss(output.delta());
      case CONTRASTIVE -> new ContrastiveLoss(output.margin());
      case BARLOW -> new BarlowTwinsLoss(output.lambda());
      case KL -> new KlLoss();
    };
  }

  private static ConvolutionMode mode(LayerSpec l) {
    return l.padding() == LayerSpec.Padding.SAME ? ConvolutionMode.Same : ConvolutionMode.Truncate;
  }

  private static SubsamplingLayer.PoolingType pooling(LayerSpec l) {
    return l.pooling() == LayerSpec.Pooling.AVG
        ? SubsamplingLayer.PoolingType.AVG : SubsamplingLayer.PoolingType.MAX;
  }

  private static int[] pair(List<Integer> hw) {
    return new int[] {hw.get(0), hw.get(1)};
  }
}
