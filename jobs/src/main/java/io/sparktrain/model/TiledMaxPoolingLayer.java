package io.sparktrain.model;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling over windows that tile the image (kernel equal to stride, no padding, NCHW floats):
 * the layer behind {@link TiledMaxPooling}. Same outputs and input gradients as DL4J's
 * {@link SubsamplingLayer}, which it extends and falls back to for everything else (average and
 * p-norm pooling, overlapping windows, padding, dilation, NHWC).
 *
 * <p>Why: on the LeNet CNN, DL4J M2.1's two max-pooling layers took about 5 ms of a 37 ms step,
 * 4 of them in libnd4j's {@code maxpool2d_bp}, which searches every window again; training here
 * keeps each window's winner from the forward pass, and the backward pass only scatters
 * (docs/performance.md).
 */
public class TiledMaxPoolingLayer extends SubsamplingLayer {

  /** Where each output's maximum sits in the input, from the last training pass. */
  private transient int[] winners;
  /** The input those winners belong to; null when none are kept. */
  private transient INDArray winnersFor;

  public TiledMaxPoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Whether this layer's configuration and input are ones the tiled path computes. */
  private boolean covered() {
    org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
    int[] kernel = c.getKernelSize();
    int[] stride = c.getStride();
    int[] padding = c.getPadding();
    int[] dilation = c.getDilation();
    ConvolutionMode mode = c.getConvolutionMode();
    if (!HostMemory.holdsArrays() || input == null || input.rank() != 4
        || input.dataType() != DataType.FLOAT || dataType != DataType.FLOAT
        || c.getPoolingType() != PoolingType.MAX
        || c.getCnn2dDataFormat() != CNN2DFormat.NCHW
        || kernel[0] != stride[0] || kernel[1] != stride[1]
        || padding[0] != 0 || padding[1] != 0 || dilation[0] != 1 || dilation[1] != 1) {
      return false;
    }
    long h = input.size(2);
    long w = input.size(3);
    // Truncate drops a remainder row or column; Strict and Same leave none when the windows
    // tile the image exactly (Same would pad otherwise).
    return mode == ConvolutionMode.Truncate
        || ((mode == ConvolutionMode.Strict || mode == ConvolutionMode.Same)
            && h % kernel[0] == 0 && w % kernel[1] == 0);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!covered()) {
      winnersFor = null;
      return super.activate(training, workspaceMgr);
    }
    assertInputSet(false);
    Tiles t = tiles(input);
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
        new long[] {t.n, t.c, t.oh, t.ow}, 'c');
    // Inference's winners are not kept: the thread's array, not one grown to the evaluation's
    // batch for the life of the layer.
    float[] maxima = pool(t, training ? winners(t.outputs()) : ThreadArrays.ints(t.outputs()));
    HeapArrays.write(maxima, out);
    winnersFor = training ? input : null;
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon,
      LayerWorkspaceMgr workspaceMgr) {
    if (!covered()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    Tiles t = tiles(input);
    int[] at = winners;
    if (winnersFor != input) {
      // Backward without the training forward of this input (inference, or a caller that set
      // the input itself): find the winners again.
      at = ThreadArrays.ints(t.outputs());
      pool(t, at);
    }
    winnersFor = null;
    int outputs = t.outputs();
    float[] gradOut = ThreadArrays.floats(1, outputs);
    HeapArrays.read(HeapArrays.contiguous(epsilon), gradOut);
    int inputs = t.inputs();
    float[] gradIn = ThreadArrays.floats(0, inputs);
    Arrays.fill(gradIn, 0, inputs, 0f);
    for (int o = 0; o < outputs; o++) {
      gradIn[at[o]] = gradOut[o];
    }
    INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
        input.shape(), 'c');
    HeapArrays.write(gradIn, result);
    return new Pair<>(new DefaultGradient(), result);
  }

  /**
   * Each window's maximum (returned, in a scratch array) and its position in the input (into
   * {@code at}). As libnd4j's {@code maxpool2d} and its backward: the search starts below every
   * finite float and the first of equal maxima wins.
   */
  private float[] pool(Tiles t, int[] at) {
    float[] in = ThreadArrays.floats(0, t.inputs());
    HeapArrays.read(HeapArrays.contiguous(input), in);
    float[] out = ThreadArrays.floats(1, t.outputs());
    int planeIn = t.h * t.w;
    int o = 0;
    for (int plane = 0; plane < t.n * t.c; plane++) {
      int base = plane * planeIn;
      for (int oy = 0; oy < t.oh; oy++) {
        int rowStart = base + oy * t.kh * t.w;
        if (t.kh == 2 && t.kw == 2) {
          o = pairOfRows(in, rowStart, rowStart + t.w, t.ow, out, at, o);
          continue;
        }
        for (int ox = 0; ox < t.ow; ox++) {
          int first = rowStart + ox * t.kw;
          int best = first;
          float max = -Float.MAX_VALUE;
          for (int ky = 0; ky < t.kh; ky++) {
            int row = first + ky * t.w;
            for (int kx = 0; kx < t.kw; kx++) {
              if (in[row + kx] > max) {
                max = in[row + kx];
                best = row + kx;
              }
            }
          }
          out[o] = max;
          at[o++] = best;
        }
      }
    }
    return out;
  }

  /**
   * LeNet's 2x2 windows along two input rows, without branches: which of four values is largest
   * is a coin toss that the branch predictor loses (LeNet's first pooling forward at batch 64 took
   * 2.3 ms with branches, 1.4 ms with this; the loop alone 3.3 ms as selects, 1.2 ms as this).
   * Each value becomes a long that orders as the float does, with the window position, earliest
   * highest, in its low bits; the largest key is the window's maximum and its first position.
   * Finite values give libnd4j's winners; of a 0.0 and a -0.0 the 0.0 wins, and NaN wins, where
   * libnd4j takes the first and skips NaN.
   */
  private static int pairOfRows(float[] in, int top, int bottom, int windows, float[] out,
      int[] at, int o) {
    for (int ox = 0; ox < windows; ox++) {
      int a = top + 2 * ox;
      int c = bottom + 2 * ox;
      long k = max(max(key(in[a], 0), key(in[a + 1], 1)), max(key(in[c], 2), key(in[c + 1], 3)));
      int position = 3 - (int) (k & 3);
      int best = a + (position & 1) + (position >> 1) * (c - a);
      out[o] = in[best];
      at[o++] = best;
    }
    return o;
  }

  /** {@code v} as a long in the float's order, with {@code 3 - position} below it. */
  private static long key(float v, int position) {
    int bits = Float.floatToRawIntBits(v);
    int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
    return ((long) ordered << 2) | (3 - position);
  }

  /** The larger of two keys by arithmetic, not a branch (the keys differ by less than 2^35). */
  private static long max(long x, long y) {
    long d = x - y;
    return x - (d & (d >> 63));
  }

  private int[] winners(int outputs) {
    if (winners == null || winners.length < outputs) {
      winners = new int[outputs];
    }
    return winners;
  }

  /** The shape of one pass: batch, channels, input and output sizes, window. */
  private record Tiles(int n, int c, int h, int w, int kh, int kw, int oh, int ow) {
    int outputs() {
      return n * c * oh * ow;
    }

    int inputs() {
      return n * c * h * w;
    }
  }

  private Tiles tiles(INDArray in) {
    int[] kernel = layerConf().getKernelSize();
    int h = (int) in.size(2);
    int w = (int) in.size(3);
    return new Tiles((int) in.size(0), (int) in.size(1), h, w, kernel[0], kernel[1],
        h / kernel[0], w / kernel[1]);
  }


}
