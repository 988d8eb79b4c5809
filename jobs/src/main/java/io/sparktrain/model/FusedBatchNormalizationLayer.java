package io.sparktrain.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation over the channels of NCHW floats, or the columns of a {@code [batch,
 * features]} input: the layer behind {@link FusedBatchNormalization}. A training pass reads the
 * input once for each channel's mean and variance (summed in double) and once to normalise; the
 * backward pass reads the output gradient once for its sums and once for the input gradient.
 * Same outputs, input gradient and parameter gradients (the running statistics' too, in DL4J's
 * form: what {@code fit()} subtracts to move them) as DL4J's {@link BatchNormalization}, which it
 * extends and falls back to for what it does not cover (NHWC, fixed gamma and beta, sequences,
 * other data types, and a backward pass that does not follow a training pass of its input).
 *
 * <p>Why: DL4J M2.1 reduces over the batch and the image with TAD ops that stride across
 * channels, broadcasts each step of the formula as its own op into a new array, and computes the
 * batch's statistics again in the backward pass. In ResNet-20's training step (19 of them) that
 * came to about half of the step's time, more than the convolutions (docs/performance.md).
 *
 * <p>Memory: a training pass keeps its input per layer for the backward pass (the training
 * batch); everything else lives within one call, in arrays every layer on the thread shares, so
 * that inference in larger batches does not leave each layer holding arrays of that size.
 */
public class FusedBatchNormalizationLayer extends BatchNormalization {

  private static final String GAMMA = BatchNormalizationParamInitializer.GAMMA;
  private static final String BETA = BatchNormalizationParamInitializer.BETA;
  private static final String MEAN = BatchNormalizationParamInitializer.GLOBAL_MEAN;
  private static final String VAR = BatchNormalizationParamInitializer.GLOBAL_VAR;
  private static final String LOG_STD = BatchNormalizationParamInitializer.GLOBAL_LOG_STD;

  /** The input of the last training pass on the heap, for the backward pass; reused. */
  private transient float[] kept;
  /** The input of the last forward pass this layer's loops computed; null when none. */
  private transient INDArray lastInput;
  /** Whether that pass was a training pass, whose statistics and input {@link #kept} holds. */
  private transient boolean lastTraining;
  /** Per channel: the batch's mean and variance (no epsilon), as floats, and the std used. */
  private transient float[] mean;
  private transient float[] variance;
  private transient float[] std;

  public FusedBatchNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Whether this layer's configuration and input are ones the fused path computes. */
  private boolean covered() {
    org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
    return HostMemory.holdsArrays() && input != null
        && (input.rank() == 2 || (input.rank() == 4 && c.getCnn2DFormat() == CNN2DFormat.NCHW))
        && input.dataType() == DataType.FLOAT && dataType == DataType.FLOAT
        && !c.isLockGammaBeta() && input.size(1) == c.getNOut();
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!covered()) {
      lastInput = null;
      return super.activate(training, workspaceMgr);
    }
    assertInputSet(false);
    Planes p = planes(input);
    float[] x;
    if (training) {
      kept = ThreadArrays.atLeast(kept, p.length());
      x = read(input, kept);
      batchStatistics(x, p);
    } else {
      x = read(input, ThreadArrays.floats(0, p.length()));
      runningStatistics(p.c);
    }
    lastInput = input;
    lastTraining = training;
    float[] out = ThreadArrays.floats(1, p.length());
    float[] gamma = param(GAMMA);
    float[] beta = param(BETA);
    for (int n = 0; n < p.n; n++) {
      for (int c = 0; c < p.c; c++) {
        int from = (n * p.c + c) * p.plane;
        float m = mean[c];
        float s = std[c];
        float g = gamma[c];
        float b = beta[c];
        for (int i = from; i < from + p.plane; i++) {
          out[i] = (x[i] - m) / s * g + b;
        }
      }
    }
    INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
        input.shape(), 'c');
    HeapArrays.write(out, result);
    return result;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon,
      LayerWorkspaceMgr workspaceMgr) {
    if (!covered() || epsilon.dataType() != DataType.FLOAT || lastInput != input
        || !lastTraining) {
      return dl4jBackward(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    lastInput = null;
    Planes p = planes(input);
    float[] x = kept;
    float[] dy = ThreadArrays.floats(1, p.length());
    HeapArrays.read(HeapArrays.contiguous(epsilon), dy);
    float[] gamma = param(GAMMA);
    float[] dGamma = new float[p.c];
    float[] dBeta = new float[p.c];
    double count = (double) p.n * p.plane;
    double[] sums = new double[2];
    for (int c = 0; c < p.c; c++) {
      float m = mean[c];
      float s = std[c];
      sums[0] = 0;
      sums[1] = 0;
      for (int n = 0; n < p.n; n++) {
        int from = (n * p.c + c) * p.plane;
        addProducts(dy, x, m, from, from + p.plane, sums);
      }
      double sum = sums[0];
      double sumXHat = sums[1] / s;
      dBeta[c] = (float) sum;
      dGamma[c] = (float) sumXHat;
      // dL/dx = gamma / std (dy - mean of dy - xHat mean of dy xHat): DL4J's formula with the
      // sum of x - mean, zero but for rounding, left out.
      float scale = gamma[c] / s;
      float meanDy = (float) (sum / count);
      float meanDyXHat = (float) (sumXHat / count);
      for (int n = 0; n < p.n; n++) {
        int from = (n * p.c + c) * p.plane;
        for (int i = from; i < from + p.plane; i++) {
          dy[i] = scale * (dy[i] - meanDy - (x[i] - m) / s * meanDyXHat);
        }
      }
    }
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(GAMMA, write(dGamma, GAMMA));
    gradient.setGradientFor(BETA, write(dBeta, BETA));
    runningStatisticsGradient(gradient, p.c);
    INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
        input.shape(), 'c');
    HeapArrays.write(dy, result);
    return new Pair<>(gradient, result);
  }

  /**
   * DL4J's backward pass, for one that does not follow a training pass of this layer's loops on
   * the same input: after an inference pass (a {@code FrozenLayerWithBackprop} runs its layer in
   * inference and then asks for the input gradient, which DL4J computes with the running
   * statistics), after no forward pass at all, or for an output gradient that is not float. DL4J's
   * backward reads what its own forward pass left, so that pass runs first, outside the
   * workspaces, in the mode of the last forward pass (training where there was none).
   */
  private Pair<Gradient, INDArray> dl4jBackward(INDArray epsilon,
      LayerWorkspaceMgr workspaceMgr) {
    if (covered()) {
      boolean training = lastInput != input || lastTraining;
      super.activate(training, LayerWorkspaceMgr.noWorkspaces());
    }
    lastInput = null;
    return super.backpropGradient(epsilon, workspaceMgr);
  }

  @Override
  public void clear() {
    super.clear();
    lastInput = null;
  }

  /**
   * What DL4J's {@code fit()} subtracts from the running statistics: (running mean - batch
   * mean)(1 - decay), and for the log10 deviation log10(old variance / new variance) / 2 with the
   * new variance decay old + (1 - decay) batch; or (running - batch)(1 - decay) for a variance.
   */
  private void runningStatisticsGradient(Gradient gradient, int channels) {
    org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
    float keep = (float) c.getDecay();
    float mix = (float) (1 - c.getDecay());
    float[] running = param(MEAN);
    float[] dMean = new float[channels];
    for (int k = 0; k < channels; k++) {
      dMean[k] = (running[k] - mean[k]) * mix;
    }
    gradient.setGradientFor(MEAN, write(dMean, MEAN));
    if (c.isUseLogStd()) {
      float[] log10Std = param(LOG_STD);
      float[] dLog = new float[channels];
      for (int k = 0; k < channels; k++) {
        float deviation = (float) Math.pow(10, log10Std[k]);
        float old = deviation * deviation;
        float next = old * keep + variance[k] * mix;
        dLog[k] = (float) Math.log(old / next) * (float) (1 / (2 * Math.log(10)));
      }
      gradient.setGradientFor(LOG_STD, write(dLog, LOG_STD));
    } else {
      float[] runningVariance = param(VAR);
      float[] dVar = new float[channels];
      for (int k = 0; k < channels; k++) {
        dVar[k] = (runningVariance[k] - variance[k]) * mix;
      }
      gradient.setGradientFor(VAR, write(dVar, VAR));
    }
  }

  /** The batch's mean and biased variance per channel (double sums), and sqrt(var + eps). */
  private void batchStatistics(float[] x, Planes p) {
    channelArrays(p.c);
    double count = (double) p.n * p.plane;
    float eps = (float) layerConf().getEps();
    double[] sums = new double[2];
    for (int c = 0; c < p.c; c++) {
      // Sums of x - shift and its squares in one pass; a value of the channel as the shift keeps
      // the variance's difference of two sums from cancelling.
      float shift = x[c * p.plane];
      sums[0] = 0;
      sums[1] = 0;
      for (int n = 0; n < p.n; n++) {
        int from = (n * p.c + c) * p.plane;
        addSquares(x, shift, from, from + p.plane, sums);
      }
      double centred = sums[0] / count;
      double m = shift + centred;
      double squares = Math.max(0, sums[1] - sums[0] * centred);
      mean[c] = (float) m;
      variance[c] = (float) (squares / count);
      std[c] = (float) Math.sqrt(variance[c] + eps);
    }
  }

  /**
   * Adds the sum of {@code x[i] - shift} to {@code sums[0]} and of its squares to {@code sums[1]},
   * over {@code [from, to)}: four chains of double sums, so that each add need not wait for the
   * one before it.
   */
  private static void addSquares(float[] x, float shift, int from, int to, double[] sums) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double q0 = 0;
    double q1 = 0;
    double q2 = 0;
    double q3 = 0;
    int i = from;
    for (; i + 3 < to; i += 4) {
      double a = x[i] - shift;
      double b = x[i + 1] - shift;
      double c = x[i + 2] - shift;
      double d = x[i + 3] - shift;
      s0 += a;
      s1 += b;
      s2 += c;
      s3 += d;
      q0 += a * a;
      q1 += b * b;
      q2 += c * c;
      q3 += d * d;
    }
    for (; i < to; i++) {
      double a = x[i] - shift;
      s0 += a;
      q0 += a * a;
    }
    sums[0] += (s0 + s1) + (s2 + s3);
    sums[1] += (q0 + q1) + (q2 + q3);
  }

  /**
   * Adds the sum of {@code dy[i]} to {@code sums[0]} and of {@code dy[i] (x[i] - mean)} to
   * {@code sums[1]}, over {@code [from, to)}, in four chains as {@link #addSquares}.
   */
  private static void addProducts(float[] dy, float[] x, float mean, int from, int to,
      double[] sums) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double p0 = 0;
    double p1 = 0;
    double p2 = 0;
    double p3 = 0;
    int i = from;
    for (; i + 3 < to; i += 4) {
      s0 += dy[i];
      s1 += dy[i + 1];
      s2 += dy[i + 2];
      s3 += dy[i + 3];
      p0 += dy[i] * (double) (x[i] - mean);
      p1 += dy[i + 1] * (double) (x[i + 1] - mean);
      p2 += dy[i + 2] * (double) (x[i + 2] - mean);
      p3 += dy[i + 3] * (double) (x[i + 3] - mean);
    }
    for (; i < to; i++) {
      s0 += dy[i];
      p0 += dy[i] * (double) (x[i] - mean);
    }
    sums[0] += (s0 + s1) + (s2 + s3);
    sums[1] += (p0 + p1) + (p2 + p3);
  }

  /** The running mean and sqrt(variance + eps) from the parameters, for inference. */
  private void runningStatistics(int channels) {
    channelArrays(channels);
    float eps = (float) layerConf().getEps();
    System.arraycopy(param(MEAN), 0, mean, 0, channels);
    float[] spread = param(layerConf().isUseLogStd() ? LOG_STD : VAR);
    for (int c = 0; c < channels; c++) {
      float v = spread[c];
      if (layerConf().isUseLogStd()) {
        float deviation = (float) Math.pow(10, v);
        v = deviation * deviation;
      }
      std[c] = (float) Math.sqrt(v + eps);
    }
  }

  private static float[] read(INDArray in, float[] target) {
    HeapArrays.read(HeapArrays.contiguous(in), target);
    return target;
  }

  private void channelArrays(int channels) {
    if (mean == null || mean.length != channels) {
      mean = new float[channels];
      variance = new float[channels];
      std = new float[channels];
    }
  }

  private float[] param(String name) {
    INDArray view = getParam(name);
    float[] values = new float[(int) view.length()];
    HeapArrays.read(view, values);
    return values;
  }

  private INDArray write(float[] values, String name) {
    INDArray view = gradientViews.get(name);
    HeapArrays.write(values, view);
    return view;
  }

  /** Batch, channels, and the elements of one channel of one example (h w, or 1). */
  private record Planes(int n, int c, int plane) {
    int length() {
      return n * c * plane;
    }
  }

  private static Planes planes(INDArray in) {
    int plane = in.rank() == 4 ? (int) (in.size(2) * in.size(3)) : 1;
    return new Planes((int) in.size(0), (int) in.size(1), plane);
  }
}
