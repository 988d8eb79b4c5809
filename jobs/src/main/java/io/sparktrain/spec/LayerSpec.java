package io.sparktrain.spec;

import java.util.List;

/**
 * One layer of a sequential network. Which fields apply depends on {@link #type()}; fields that do
 * not apply are null and the reader rejects them when given.
 *
 * @param type the kind of layer
 * @param units dense/output: number of units
 * @param filters conv2d: number of output channels
 * @param kernel conv2d/subsampling: [height, width]; required for conv2d, default [2, 2] for
 *     subsampling
 * @param stride conv2d/subsampling: [height, width]; default [1, 1] for conv2d, kernel for pooling
 * @param padding conv2d/subsampling: how borders are handled; default {@link Padding#TRUNCATE}
 * @param pooling subsampling: max or average; default {@link Pooling#MAX}
 * @param activation dense/conv2d/output: activation; null takes the type's default (relu for
 *     hidden layers, softmax for output)
 * @param weightInit weight initialisation; null takes {@link ModelSpec#weightInit()}
 * @param loss output: loss function; default {@link Loss#MCXENT}
 * @param dropout dropout: probability of dropping an activation, in [0, 1)
 * @param l1 L1 penalty on this layer's weights; null takes {@link ModelSpec#l1()}
 * @param l2 L2 penalty on this layer's weights; null takes {@link ModelSpec#l2()}
 * @param pretrained embedding: whether the word vectors of {@code data.vectors} initialise it
 *     (default) or {@code weightInit} does
 * @param frozen embedding: whether its vectors stay fixed while the rest trains (a later
 *     {@code finetune} stage unfreezes them); default false
 * @param labelSmoothing output with loss mcxent or negativeloglikelihood: the share {@code a} of
 *     each target spread evenly over the classes, {@code (1 - a) * y + a / K} (Szegedy et al.
 *     2016), in [0, 1); default 0
 * @param delta output with loss huber: where the loss turns from quadratic to linear, &gt; 0;
 *     default 1
 * @param decay batchnorm: weight of the old running mean and variance in each update, in (0, 1);
 *     default 0.9
 * @param epsilon batchnorm/layernorm: added to the variance before its square root, &gt; 0; default 1e-5
 * @param maxNorm dense/conv1d/conv2d/output: after every update each unit's incoming weight vector
 *     is rescaled to L2 norm at most this (Srivastava et al. 2014), &gt; 0; default none
 * @param weightNorm dense: learn each unit's weights as {@code w = g * v / |v|}, a length g and a
 *     direction v (Salimans and Kingma 2016); default false
 * @param gibbsSteps rbm: k of contrastive divergence CD-k (Hinton 2002), the Gibbs steps of each
 *     update, &gt;= 1; default 1
 * @param size upsampling2d: how many times each row and column is repeated, [height, width];
 *     default [2, 2]
 * @param recurrentDropout rnn/lstm: probability of dropping each hidden-to-hidden weight for a
 *     whole mini-batch (DropConnect on the recurrent matrix, the weight-dropped LSTM of Merity et
 *     al. 2018), in [0, 1); default none. {@code dropout} on a recurrent layer drops its inputs
 * @param bidirectional rnn/lstm/gru: run a second copy backwards over the sequence and
 *     concatenate both outputs (Schuster and Paliwal 1997); default false
 * @param returnSequences rnn/lstm/gru: emit every step (many-to-many, or pooled by a following
 *     global-pooling layer) instead of the last one (many-to-one); default false
 * @param margin loss with loss contrastive: how far apart a different pair's embeddings are
 *     pushed before it stops counting (Hadsell et al. 2006), &gt; 0; default 1
 * @param lambda loss with loss barlow: the weight of the cross-correlation's off-diagonal terms
 *     (Zbontar et al. 2021), &gt;= 0; default 5e-3, the paper's (about 1 / the projection's
 *     width is its rule of thumb)
 */
public record LayerSpec(
    LayerType type,
    Integer units,
    Integer filters,
    List<Integer> kernel,
    List<Integer> stride,
    Padding padding,
    Pooling pooling,
    Activation activation,
    WeightInit weightInit,
    Loss loss,
    Double dropout,
    Double l1,
    Double l2,
    Boolean pretrained,
    Boolean frozen,
    Double labelSmoothing,
    Double delta,
    Double decay,
    Double epsilon,
    Double maxNorm,
    Boolean weightNorm,
    Integer gibbsSteps,
    List<Integer> size,
    Double recurrentDropout,
    Boolean bidirectional,
    Boolean returnSequences,
    Double margin,
    Double lambda) {

  /** Checks the rules between fields that the reader cannot see one key at a time. */
  public LayerSpec {
    new Checks()
        .check(widthOnly(type, kernel), "kernel", "must be [width] for a 'conv1d' layer, found "
            + kernel)
        .check(widthOnly(type, stride), "stride", "must be [width] for a 'conv1d' layer, found "
            + stride)
        .check(decay == null || (decay > 0 && decay < 1), "decay",
            "must be in (0, 1), found " + decay)
        .check(epsilon == null || epsilon > 0, "epsilon", "must be > 0, found " + epsilon)
        .check(maxNorm == null || maxNorm > 0, "maxNorm", "must be > 0, found " + maxNorm)
        .check(gibbsSteps == null || gibbsSteps >= 1, "gibbsSteps",
            "must be >= 1, found " + gibbsSteps)
        .check(type != LayerType.GMLP || units == null || units % 2 == 0, "units",
            "must be even for a 'gmlp' layer (split into the gate's halves), found " + units)
        // A max-norm on v would not bound w, whose length is g.
        .check(maxNorm == null || !Boolean.TRUE.equals(weightNorm), "maxNorm",
            "cannot be combined with weightNorm: the weights' length is then the learned g")
        .check(recurrentDropout == null || (recurrentDropout >= 0 && recurrentDropout < 1),
            "recurrentDropout", "must be in [0, 1), found " + recurrentDropout)
        .check(loss == null || !loss.representation() || type == LayerType.LOSS, "loss",
            "'" + (loss == null ? "" : YamlNames.of(loss)) + "' belongs on a layer of type "
                + "'loss' (it reads the layer below, not targets), found type '"
                + (type == null ? "" : YamlNames.of(type)) + "'")
        .throwIfAny("layer");
  }

  private static boolean widthOnly(LayerType type, List<Integer> window) {
    return window == null || type != LayerType.CONV1D || window.size() == 1;
  }

  /** A layer without the representation losses' options (margin, lambda): those unset. */
  public LayerSpec(LayerType type, Integer units, Integer filters, List<Integer> kernel,
      List<Integer> stride, Padding padding, Pooling pooling, Activation activation,
      WeightInit weightInit, Loss loss, Double dropout, Double l1, Double l2, Boolean pretrained,
      Boolean frozen, Double labelSmoothing, Double delta, Double decay, Double epsilon,
      Double maxNorm, Boolean weightNorm, Integer gibbsSteps, List<Integer> size,
      Double recurrentDropout, Boolean bidirectional, Boolean returnSequences) {
    this(type, units, filters, kernel, stride, padding, pooling, activation, weightInit, loss,
        dropout, l1, l2, pretrained, frozen, labelSmoothing, delta, decay, epsilon, maxNorm,
        weightNorm, gibbsSteps, size, recurrentDropout, bidirectional, returnSequences, null,
        null);
  }

  /** A layer without the rbm's, upsampling's and recurrent options: those unset. */
  public LayerSpec(LayerType type, Integer units, Integer filters, List<Integer> kernel,
      List<Integer> stride, Padding padding, Pooling pooling, Activation activation,
      WeightInit weightInit, Loss loss, Double dropout, Double l1, Double l2, Boolean pretrained,
      Boolean frozen, Double labelSmoothing, Double delta, Double decay, Double epsilon,
      Double maxNorm, Boolean weightNorm) {
    this(type, units, filters, kernel, stride, padding, pooling, activation, weightInit, loss,
        dropout, l1, l2, pretrained, frozen, labelSmoothing, delta, decay, epsilon, maxNorm,
        weightNorm, null, null, null, null, null);
  }

  /** A layer without the normalization and constraint options: those unset. */
  public LayerSpec(LayerType type, Integer units, Integer filters, List<Integer> kernel,
      List<Integer> stride, Padding padding, Pooling pooling, Activation activation,
      WeightInit weightInit, Loss loss, Double dropout, Double l1, Double l2, Boolean pretrained,
      Boolean frozen, Double labelSmoothing, Double delta) {
    this(type, units, filters, kernel, stride, padding, pooling, activation, weightInit, loss,
        dropout, l1, l2, pretrained, frozen, labelSmoothing, delta, null, null, null, null);
  }

  /** A layer without the output-loss options (labelSmoothing, delta): those unset. */
  public LayerSpec(LayerType type, Integer units, Integer filters, List<Integer> kernel,
      List<Integer> stride, Padding padding, Pooling pooling, Activation activation,
      WeightInit weightInit, Loss loss, Double dropout, Double l1, Double l2, Boolean pretrained,
      Boolean frozen) {
    this(type, units, filters, kernel, stride, padding, pooling, activation, weightInit, loss,
        dropout, l1, l2, pretrained, frozen, null, null);
  }

  /** A layer of any type but embedding. */
  public LayerSpec(LayerType type, Integer units, Integer filters, List<Integer> kernel,
      List<Integer> stride, Padding padding, Pooling pooling, Activation activation,
      WeightInit weightInit, Loss loss, Double dropout, Double l1, Double l2) {
    this(type, units, filters, kernel, stride, padding, pooling, activation, weightInit, loss,
        dropout, l1, l2, null, null);
  }

  public static final List<Integer> DEFAULT_STRIDE = List.of(1, 1);
  public static final List<Integer> DEFAULT_POOL_KERNEL = List.of(2, 2);
  public static final Padding DEFAULT_PADDING = Padding.TRUNCATE;
  public static final Pooling DEFAULT_POOLING = Pooling.MAX;
  public static final Activation DEFAULT_HIDDEN_ACTIVATION = Activation.RELU;
  public static final Activation DEFAULT_OUTPUT_ACTIVATION = Activation.SOFTMAX;
  public static final Loss DEFAULT_LOSS = Loss.MCXENT;
  public static final double DEFAULT_LABEL_SMOOTHING = 0.0;
  public static final double DEFAULT_HUBER_DELTA = 1.0;
  public static final double DEFAULT_MARGIN = 1.0;
  public static final double DEFAULT_LAMBDA = 5e-3;
  /** DL4J's batch norm defaults, which Keras's (0.99, 1e-3) differ from. */
  public static final double DEFAULT_DECAY = 0.9;
  public static final double DEFAULT_EPSILON = 1e-5;
  public static final List<Integer> DEFAULT_STRIDE_1D = List.of(1);
  public static final int DEFAULT_GIBBS_STEPS = 1;
  public static final List<Integer> DEFAULT_UPSAMPLING = List.of(2, 2);
  /** Recurrent layers squash with tanh, so their state stays bounded over many steps. */
  public static final Activation DEFAULT_RECURRENT_ACTIVATION = Activation.TANH;

  /** Every field name a layer may carry besides {@code type}, in component order. */
  public static final List<String> FIELDS = List.of("units", "filters", "kernel", "stride",
      "padding", "pooling", "activation", "weightInit", "loss", "dropout", "l1", "l2", "pretrained",
      "frozen", "labelSmoothing", "delta", "decay", "epsilon", "maxNorm", "weightNorm",
      "gibbsSteps", "size", "recurrentDropout", "bidirectional", "returnSequences", "margin",
      "lambda");

  /** Layer kinds, each with the fields that apply to it. */
  public enum LayerType {
    DENSE("units", "activation", "weightInit", "l1", "l2", "maxNorm", "weightNorm"),
    CONV2D("filters", "kernel", "stride", "padding", "activation", "weightInit", "l1", "l2",
        "maxNorm"),
    /**
     * Convolution along a sequence (of word vectors: the text CNN of Kim 2014); kernel and
     * stride are {@code [width]}.
     */
    CONV1D("filters", "kernel", "stride", "padding", "activation", "weightInit", "l1", "l2",
        "maxNorm"),
    SUBSAMPLING("kernel", "stride", "padding", "pooling"),
    BATCHNORM("decay", "epsilon"),
    /** Normalizes each example over its features, with a learned gain and bias (Ba et al. 2016). */
    LAYERNORM("epsilon"),
    /** A nonlinearity on its own, so a normalization can sit between a layer and it. */
    ACTIVATION("activation"),
    DROPOUT("dropout"),
    /**
     * Dropout that keeps SELU's zero mean and unit variance: dropped units take SELU's negative
     * saturation value, then an affine map restores the moments (Klambauer et al. 2017).
     */
    ALPHA_DROPOUT("dropout"),
    OUTPUT("units", "activation", "loss", "weightInit", "l1", "l2", "labelSmoothing", "delta",
        "maxNorm"),
    /** Word ids to vectors; {@code units}, their dimension, defaults to the word vectors'. */
    EMBEDDING("units", "weightInit", "l1", "l2", "pretrained", "frozen"),
    /** Pools a sequence (of word vectors) over its positions into one vector. */
    GLOBAL_POOLING("pooling"),
    /**
     * A restricted Boltzmann machine, binary units: as the last layer it trains itself on its
     * input by contrastive divergence (no labels); below other layers it is a sigmoid layer.
     */
    RBM("units", "gibbsSteps", "weightInit", "l1", "l2"),
    /** Repeats each row and column of an image {@code size} times (a decoder's way up). */
    UPSAMPLING2D("size"),
    /** Transposed convolution: maps a small image to a larger one (a decoder's learned way up). */
    DECONV2D("filters", "kernel", "stride", "padding", "activation", "weightInit", "l1", "l2"),
    /**
     * An output without weights: the activation and loss applied to the previous layer's output,
     * flattened (a convolutional decoder's image against its input).
     */
    LOSS("activation", "loss", "margin", "lambda"),
    /** Elman's simple recurrent layer, {@code h_t = f(W x_t + R h_{t-1} + b)}. */
    RNN("units", "activation", "weightInit", "l1", "l2", "dropout", "recurrentDropout",
        "bidirectional", "returnSequences"),
    /** Long short-term memory (Hochreiter and Schmidhuber 1997, with forget gate). */
    LSTM("units", "activation", "weightInit", "l1", "l2", "dropout", "recurrentDropout",
        "bidirectional", "returnSequences"),
    /**
     * Gated recurrent unit (Cho et al. 2014); sparktrain's own layer, which DL4J's bidirectional
     * wrapper does not take.
     */
    GRU("units", "activation", "weightInit", "l1", "l2", "dropout", "returnSequences"),
    /**
     * Gated carry of its input, {@code H(x) T(x) + x (1 - T(x))} (Srivastava et al. 2015); its
     * width is its input's.
     */
    HIGHWAY("activation", "weightInit", "l1", "l2"),
    /** An image cut into {@code kernel}-sized patches, each projected to {@code units} channels. */
    PATCH_EMBEDDING("units", "kernel", "weightInit"),
    /** A gMLP block over patches (Liu et al. 2021); {@code units} (even) is its inner width. */
    GMLP("units", "epsilon", "weightInit");

    private final List<String> fields;

    LayerType(String... fields) {
      this.fields = List.of(fields);
    }

    /** The names of the fields a layer of this type may give; all others must be null. */
    public List<String> fields() {
      return fields;
    }

    /** Whether the field applies to this type. */
    public boolean allows(String field) {
      return fields.contains(field);
    }

    /** Whether this is a recurrent layer, which reads a sequence. */
    public boolean recurrent() {
      return this == RNN || this == LSTM || this == GRU;
    }
  }

  /** A dense layer of {@code units} relu units, other fields inherited from the model. */
  public static LayerSpec dense(int units) {
    return new LayerSpec(LayerType.DENSE, units, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  /** A dropout layer dropping each activation with probability {@code p}. */
  public static LayerSpec dropout(double p) {
    return new LayerSpec(LayerType.DROPOUT, null, null, null, null, null, null, null, null, null,
        p, null, null);
  }

  /** A softmax output layer with cross-entropy loss over {@code classes} classes. */
  public static LayerSpec output(int classes) {
    return new LayerSpec(LayerType.OUTPUT, classes, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  /**
   * This layer with every unset field that applies to its type at its default: the type's
   * defaults above, and weight init and penalties from the model's.
   */
  public LayerSpec resolved(WeightInit modelInit, double modelL1, double modelL2) {
    // conv1d has no default kernel to fall back on: its reader reports a missing or bad one.
    List<Integer> k = or("kernel", kernel, type == LayerType.CONV1D ? null : DEFAULT_POOL_KERNEL);
    List<Integer> defaultStride = type == LayerType.SUBSAMPLING ? k
        : type == LayerType.CONV1D ? DEFAULT_STRIDE_1D : DEFAULT_STRIDE;
    Activation defaultActivation = type == LayerType.OUTPUT || type == LayerType.LOSS
        ? DEFAULT_OUTPUT_ACTIVATION
        : type.recurrent() ? DEFAULT_RECURRENT_ACTIVATION : DEFAULT_HIDDEN_ACTIVATION;
    Loss resolvedLoss = or("loss", loss, DEFAULT_LOSS);
    return new LayerSpec(type, units, filters, k, or("stride", stride, defaultStride),
        or("padding", padding, DEFAULT_PADDING), or("pooling", pooling, DEFAULT_POOLING),
        or("activation", activation, defaultActivation), or("weightInit", weightInit, modelInit),
        resolvedLoss, dropout, or("l1", l1, modelL1), or("l2", l2, modelL2),
        or("pretrained", pretrained, Boolean.TRUE), or("frozen", frozen, Boolean.FALSE),
        resolvedLoss != null && resolvedLoss.allows("labelSmoothing")
            ? or("labelSmoothing", labelSmoothing, DEFAULT_LABEL_SMOOTHING) : null,
        resolvedLoss != null && resolvedLoss.allows("delta")
            ? or("delta", delta, DEFAULT_HUBER_DELTA) : null,
        or("decay", decay, DEFAULT_DECAY), or("epsilon", epsilon, DEFAULT_EPSILON), maxNorm,
        or("weightNorm", weightNorm, Boolean.FALSE),
        or("gibbsSteps", gibbsSteps, DEFAULT_GIBBS_STEPS), or("size", size, DEFAULT_UPSAMPLING),
        recurrentDropout, or("bidirectional", bidirectional, Boolean.FALSE),
        or("returnSequences", returnSequences, Boolean.FALSE),
        resolvedLoss != null && resolvedLoss.allows("margin")
            ? or("margin", margin, DEFAULT_MARGIN) : null,
        resolvedLoss != null && resolvedLoss.allows("lambda")
            ? or("lambda", lambda, DEFAULT_LAMBDA) : null);
  }

  private <T> T or(String field, T value, T fallback) {
    return value != null || !type.allows(field) ? value : fallback;
  }

  /** Border handling of convolution and pooling windows. */
  public enum Padding { TRUNCATE, SAME }

  /** Pooling function. */
  public enum Pooling { MAX, AVG }

  /** Activation functions. */
  public enum Activation { RELU, LEAKYRELU, ELU, SELU, GELU, MISH, TANH, SIGMOID, SOFTMAX, IDENTITY }

  /** Weight initialisation schemes (Glorot and Bengio 2010; He et al. 2015). */
  public enum WeightInit { XAVIER, XAVIER_UNIFORM, RELU, RELU_UNIFORM, LECUN_NORMAL, NORMAL, ZERO }

  /**
   * Output losses, each with the option keys it reads. mcxent and negativeloglikelihood are
   * multi-class cross-entropy (with softmax); xent is binary cross-entropy per output (with
   * sigmoid: multi-label); hinge and squared-hinge are one-vs-rest with targets read as -1/+1
   * (with identity: a linear-SVM head); mse, mae and huber are means over the outputs. The
   * representation losses read no targets of their own, only on a {@code loss} layer of a graph:
   * contrastive over a pair's embedding difference (Hadsell et al. 2006), barlow over two views'
   * projections side by side (Zbontar et al. 2021), kl over a VAE's {@code [mean | logVariance]}
   * (Kingma and Welling 2014).
   */
  public enum Loss {
    MCXENT("labelSmoothing"),
    NEGATIVELOGLIKELIHOOD("labelSmoothing"),
    MSE,
    XENT,
    HINGE,
    SQUARED_HINGE,
    MAE,
    HUBER("delta"),
    CONTRASTIVE("margin"),
    BARLOW("lambda"),
    KL;

    /** Whether this loss trains a representation rather than predicting the data's targets. */
    public boolean representation() {
      return this == CONTRASTIVE || this == BARLOW || this == KL;
    }

    private final List<String> options;

    Loss(String... options) {
      this.options = List.of(options);
    }

    /** Whether an output layer with this loss may give the option key. */
    public boolean allows(String option) {
      return options.contains(option);
    }
  }
}
