package io.sparktrain.spec;

import java.util.List;

/**
 * One layer of a sequential network. Which fields apply depends on {@link #type()}; fields that do
 * not apply are null and the reader rejects them when given.
 *
 * @param type the kind of layer
 * @param units dense/output: number of units
 * @param filters conv2d: number of output channels
 * @param kernel conv2d/subsampling: [height, width]
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
    Double l2) {

  /** Layer kinds. */
  public enum LayerType { DENSE, CONV2D, SUBSAMPLING, BATCHNORM, DROPOUT, OUTPUT }

  /** Border handling of convolution and pooling windows. */
  public enum Padding { TRUNCATE, SAME }

  /** Pooling function. */
  public enum Pooling { MAX, AVG }

  /** Activation functions. */
  public enum Activation { RELU, LEAKYRELU, ELU, SELU, GELU, MISH, TANH, SIGMOID, SOFTMAX, IDENTITY }

  /** Weight initialisation schemes (Glorot and Bengio 2010; He et al. 2015). */
  public enum WeightInit { XAVIER, XAVIER_UNIFORM, RELU, RELU_UNIFORM, LECUN_NORMAL, NORMAL, ZERO }

  /** Output losses. */
  public enum Loss { MCXENT, NEGATIVELOGLIKELIHOOD, MSE, XENT }
}
