package io.sparktrain.model;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's 2-D convolution computed as one GEMM per batch ({@link Im2col}): the layer behind
 * {@link GemmConvolution}. Same parameters (bias {@code [1, out]} then weights
 * {@code [out, in, kh, kw]} in the flat view), same activations, same gradients as DL4J's
 * {@link ConvolutionLayer}, which it extends and falls back to for what it does not cover: NHWC,
 * dilation, causal mode, weight noise, non-float data.
 *
 * <p>Why: on the LeNet CNN DL4J M2.1's convolution (libnd4j's im2col into a permuted 6-D view,
 * {@code mmul} into a fresh array, permute copies, col2im) took most of a step while the GEMMs
 * inside it run at OpenBLAS's speed; docs/performance.md has the split and the measurements.
 *
 * <p>Where nd4j's onednn natives are loaded, the passes where oneDNN's convolution won go through
 * libnd4j's {@code conv2d} ops instead ({@link OneDnnConvolution#serves}): every inference pass,
 * and training passes that need the input gradient through a kernel wider than 1x1 from at least
 * three channels.
 *
 * <p>The forward pass of training keeps the column matrix and the pre-activations (native, off
 * the workspaces, in this layer's {@link ConvBuffers}) for the backward pass, which uses them when
 * its input is the same array, and otherwise recomputes them. Inference keeps nothing and works
 * in its thread's shared buffers.
 */
public class GemmConvolutionLayer extends ConvolutionLayer implements SkipsInputGradient {

  /** The geometry of the last pass. */
  private transient Im2col geometry;
  /** This layer's own arrays, which training keeps for the backward pass; null until trained. */
  private transient ConvBuffers kept;
  /** The input the kept columns and pre-activations belong to; null when none are kept. */
  private transient INDArray keptFor;
  /** Set while the caller discards the input gradient: the backward pass then skips it. */
  private transient boolean inputGradientUnused;
  /** Whether what is kept for {@link #keptFor} came from libnd4j's ops, not the GEMMs. */
  private transient boolean keptByOps;
  /** The routes of the last forward and backward passes; for tests. */
  private transient boolean forwardByOps;
  private transient boolean backwardByOps;
  /** libnd4j's conv2d ops for this layer's configuration; null until a pass uses them. */
  private transient OneDnnConvolution ops;

  public GemmConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Whether this layer's configuration and input are ones the GEMM path computes. */
  private boolean covered() {
    org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
    ConvolutionMode mode = c.getConvolutionMode();
    return HostMemory.holdsArrays() && input != null && input.rank() == 4
        && input.dataType() == DataType.FLOAT && dataType == DataType.FLOAT
        && c.getCnn2dDataFormat() == CNN2DFormat.NCHW
        && c.getDilation()[0] == 1 && c.getDilation()[1] == 1 && c.getWeightNoise() == null
        && (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict
            || mode == ConvolutionMode.Same);
  }

  @Override
  public void skipInputGradient(boolean skip) {
    inputGradientUnused = skip;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!covered()) {
      return super.activate(training, workspaceMgr);
    }
    assertInputSet(false);
    applyDropOutIfNecessary(training, workspaceMgr);
    validateInputRank();
    validateInputDepth(layerConf().getNIn());
    if (OneDnnConvolution.serves(layerConf(), training, inputGradientUnused)) {
      return activateByOps(training, workspaceMgr);
    }
    ConvBuffers buffers = training ? kept() : ConvBuffers.shared();
    float[] z = forward(buffers);
    keptFor = training ? input : null;
    keptByOps = false;
    forwardByOps = false;
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
        outputShape(), 'c');
    HeapArrays.write(z, out);
    return layerConf().getActivationFn().getActivation(out, training);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon,
      LayerWorkspaceMgr workspaceMgr) {
    if (!covered()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    if (OneDnnConvolution.serves(layerConf(), true, inputGradientUnused)) {
      return backpropByOps(epsilon, workspaceMgr);
    }
    ConvBuffers buffers = kept();
    if (keptFor != input || keptByOps) {
      forward(buffers);
    }
    backwardByOps = false;
    keptFor = null;
    Im2col g = geometry;
    INDArray colsNative = buffers.colsNative;
    INDArray productNative = buffers.productNative;
    int out = (int) layerConf().getNOut();
    float[] biasSums = toChannelRows(deltas(epsilon, buffers), productNative, out, buffers);
    if (layerConf().hasBias()) {
      HeapArrays.write(biasSums, gradientViews.get(ConvolutionParamInitializer.BIAS_KEY));
    }
    INDArray weights = weights();
    // dW [out, rows] = dZ [out, columns] x cols^T; written straight into the gradient view.
    Nd4j.gemm(productNative, colsNative,
        reshaped(gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY), out, g.rows()), false,
        true, 1.0, 0.0);
    INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD,
        DataType.FLOAT, input.shape(), 'c');
    if (!inputGradientUnused) {
      // dCols [rows, columns] = W^T x dZ, folded back onto the image.
      Nd4j.gemm(reshaped(weights, out, g.rows()), productNative, colsNative, true, false, 1.0,
          0.0);
      float[] cols = buffers.cols;
      HeapArrays.read(colsNative, cols);
      g.fold(cols, buffers.image);
      HeapArrays.write(buffers.image, inputGradient);
    }
    return gradients(inputGradient);
  }

  /**
   * DL4J's result of a backward pass whose weight and bias gradients are in the gradient views.
   */
  private Pair<Gradient, INDArray> gradients(INDArray inputGradient) {
    Gradient gradient = new DefaultGradient();
    if (layerConf().hasBias()) {
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY,
          gradientViews.get(ConvolutionParamInitializer.BIAS_KEY));
    }
    gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY,
        gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY), 'c');
    weightNoiseParams.clear();
    return new Pair<>(gradient, backpropDropOutIfPresent(inputGradient));
  }

  /**
   * The forward pass through libnd4j's {@code conv2d} ({@link OneDnnConvolution}). Training
   * keeps the pre-activations (natively, in this layer's buffers) where the activation's
   * backward needs them: not for the identity, which a ResNet's convolutions before batch
   * normalisation use.
   */
  private INDArray activateByOps(boolean training, LayerWorkspaceMgr workspaceMgr) {
    INDArray in = HeapArrays.contiguous(input);
    geometry(in);
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
        outputShape(), 'c');
    IActivation activation = layerConf().getActivationFn();
    if (training && !(activation instanceof ActivationIdentity)) {
      ConvBuffers buffers = kept();
      buffers.fitOutput(geometry, (int) layerConf().getNOut());
      ops().forward(in, weights(), bias(), buffers.zNative);
      out.assign(buffers.zNative);
    } else {
      ops().forward(in, weights(), bias(), out);
    }
    keptFor = training ? input : null;
    keptByOps = training;
    forwardByOps = true;
    return activation.getActivation(out, training);
  }

  /** The backward pass through libnd4j's {@code conv2d_bp}, into DL4J's gradient views. */
  private Pair<Gradient, INDArray> backpropByOps(INDArray epsilon,
      LayerWorkspaceMgr workspaceMgr) {
    IActivation activation = layerConf().getActivationFn();
    boolean identity = activation instanceof ActivationIdentity;
    INDArray in = HeapArrays.contiguous(input);
    ConvBuffers buffers = kept();
    if (!identity && (keptFor != input || !keptByOps)) {
      geometry(in);
      buffers.fitOutput(geometry, (int) layerConf().getNOut());
      ops().forward(in, weights(), bias(), buffers.zNative);
    }
    keptFor = null;
    backwardByOps = true;
    INDArray delta;
    if (identity) {
      delta = HeapArrays.contiguous(epsilon);
    } else if (isPlainRelu(activation)) {
      // The heap loop of the GEMM route, which beat ND4J's relu_bp (deltas()).
      HeapArrays.read(buffers.zNative, buffers.plane);
      HeapArrays.write(deltas(epsilon, buffers), buffers.deltaNative);
      delta = buffers.deltaNative;
    } else {
      delta = activation.backprop(buffers.zNative, HeapArrays.contiguous(epsilon)).getFirst();
    }
    INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD,
        DataType.FLOAT, input.shape(), 'c');
    ops().backward(in, weights(), bias(), delta, inputGradient,
        gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY),
        bias(gradientViews.get(ConvolutionParamInitializer.BIAS_KEY)));
    return gradients(inputGradient);
  }

  /** Whether the last forward pass, training or inference, went through libnd4j's ops. */
  boolean lastForwardByOps() {
    return forwardByOps;
  }

  /** Whether the last backward pass went through libnd4j's ops. */
  boolean lastBackwardByOps() {
    return backwardByOps;
  }

  private OneDnnConvolution ops() {
    if (ops == null) {
      ops = OneDnnConvolution.of(layerConf());
    }
    return ops;
  }

  private INDArray weights() {
    return getParam(ConvolutionParamInitializer.WEIGHT_KEY);
  }

  /** The bias as the ops take it, {@code [out]}; null without one. */
  private INDArray bias() {
    return bias(getParam(ConvolutionParamInitializer.BIAS_KEY));
  }

  /** A bias-shaped {@code [1, out]} view (parameter or gradient) as {@code [out]}; null without. */
  private INDArray bias(INDArray view) {
    return layerConf().hasBias() ? reshaped(view, layerConf().getNOut()) : null;
  }

  /**
   * The pre-activations of the current input, NCHW, on the heap (in {@code buffers.plane}, also
   * in {@code buffers.zNative}); leaves the column matrix in {@code buffers.colsNative}.
   */
  private float[] forward(ConvBuffers buffers) {
    Im2col g = geometry(input);
    int out = (int) layerConf().getNOut();
    buffers.fit(g, out);
    float[] cols = buffers.cols;
    float[] plane = buffers.plane;
    HeapArrays.read(HeapArrays.contiguous(input), buffers.image);
    g.unroll(buffers.image, cols);
    HeapArrays.write(cols, buffers.colsNative);
    INDArray weights = weights();
    Nd4j.gemm(reshaped(weights, out, g.rows()), buffers.colsNative, buffers.productNative, false,
        false, 1.0, 0.0);
    HeapArrays.read(buffers.productNative, cols);
    float[] bias = layerConf().hasBias()
        ? getParam(ConvolutionParamInitializer.BIAS_KEY).toFloatVector() : new float[out];
    int area = g.oh() * g.ow();
    int columns = g.columns();
    for (int e = 0; e < g.n(); e++) {
      for (int o = 0; o < out; o++) {
        int from = o * columns + e * area;
        int to = (e * out + o) * area;
        float b = bias[o];
        for (int p = 0; p < area; p++) {
          plane[to + p] = cols[from + p] + b;
        }
      }
    }
    HeapArrays.write(plane, buffers.zNative);
    return plane;
  }

  private ConvBuffers kept() {
    if (kept == null) {
      kept = new ConvBuffers();
    }
    return kept;
  }

  /**
   * dL/dz of the last forward pass, NCHW, on the heap (in {@code buffers.cols}, which the forward
   * pass left free). ReLU and the identity are done here, against the heap copy of the
   * pre-activations that forward left in {@code buffers.plane}: on LeNet's first layer ND4J's
   * relu_bp and the bias sum after it took 2.4 ms, more than the layer's two GEMMs (2.0 ms,
   * docs/performance.md); other activations are ND4J's, in place over the native
   * pre-activations.
   */
  private float[] deltas(INDArray epsilon, ConvBuffers buffers) {
    float[] deltas = buffers.cols;
    IActivation activation = layerConf().getActivationFn();
    boolean relu = isPlainRelu(activation);
    if (!relu && !(activation instanceof ActivationIdentity)) {
      HeapArrays.read(activation.backprop(buffers.zNative, HeapArrays.contiguous(epsilon))
          .getFirst(), deltas);
      return deltas;
    }
    HeapArrays.read(HeapArrays.contiguous(epsilon), deltas);
    if (relu) {
      float[] z = buffers.plane;
      int length = (int) epsilon.length();
      for (int i = 0; i < length; i++) {
        // ND4J's relu_bp: the gradient passes where z > 0, so none at 0.
        deltas[i] = z[i] > 0f ? deltas[i] : 0f;
      }
    }
    return deltas;
  }

  /** DL4J's default ReLU: no cap, no threshold, no slope below it. */
  private static boolean isPlainRelu(IActivation activation) {
    if (!(activation instanceof ActivationReLU relu)) {
      return false;
    }
    return relu.getMax() == null && relu.getNegativeSlope() == null
        && (relu.getThreshold() == null || relu.getThreshold() == 0.0);
  }

  /**
   * Writes NCHW gradients {@code [n, out, oh, ow]} into {@code product} as
   * {@code [out, n * oh * ow]} rows and returns each channel's sum, the bias gradient (in
   * {@code buffers.channelSums}).
   */
  private float[] toChannelRows(float[] nchw, INDArray product, int out, ConvBuffers buffers) {
    Im2col g = geometry;
    int area = g.oh() * g.ow();
    int columns = g.columns();
    FloatBuffer rows = product.data().asNioFloat();
    int base = (int) product.offset();
    float[] sums = buffers.channelSums;
    for (int o = 0; o < out; o++) {
      double sum = 0;
      for (int e = 0; e < g.n(); e++) {
        int from = (e * out + o) * area;
        rows.put(base + o * columns + e * area, nchw, from, area);
        sum += sum(nchw, from, area);
      }
      sums[o] = (float) sum;
    }
    return sums;
  }

  /** The sum of {@code length} values from {@code from}, in four lanes so that adds overlap. */
  private static double sum(float[] a, int from, int length) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = from;
    int end = from + length;
    for (; i + 3 < end; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < end; i++) {
      s0 += a[i];
    }
    return (double) s0 + s1 + s2 + s3;
  }

  private long[] outputShape() {
    return new long[] {geometry.n(), layerConf().getNOut(), geometry.oh(), geometry.ow()};
  }

  /** The geometry for this input. */
  private Im2col geometry(INDArray in) {
    org.deeplearning4j.nn.conf.layers.ConvolutionLayer c = layerConf();
    int[] kernel = c.getKernelSize();
    int[] stride = c.getStride();
    int[] dilation = c.getDilation();
    int[] pad = c.getPadding();
    int[] outSize = ConvolutionUtils.getOutputSize(in, kernel, stride, pad,
        c.getConvolutionMode(), dilation, CNN2DFormat.NCHW);
    int h = (int) in.size(2);
    int w = (int) in.size(3);
    if (c.getConvolutionMode() == ConvolutionMode.Same) {
      pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {h, w}, kernel, stride,
          dilation);
    }
    geometry = new Im2col((int) in.size(0), (int) in.size(1), h, w, kernel[0], kernel[1],
        stride[0], stride[1], pad[0], pad[1], outSize[0], outSize[1]);
    return geometry;
  }

  /** {@code a} ('c', contiguous) read in this shape, never a copy. */
  private static INDArray reshaped(INDArray a, long... shape) {
    INDArray m = Shape.newShapeNoCopy(a, shape, false);
    if (m == null) {
      throw new IllegalStateException("not contiguous: " + a.shapeInfoToString());
    }
    return m;
  }
}
