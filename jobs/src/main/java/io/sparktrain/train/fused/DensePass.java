package io.sparktrain.train.fused;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * sparktrain's forward and backward pass for a stack of dense layers ending in a softmax output
 * layer with multi-class cross-entropy, the default job's MLP: it computes the batch's loss and
 * writes the gradient (summed over the batch, as DL4J's backward leaves it for the updater to
 * divide) straight into the network's flat gradient view, in DL4J's layout, so that the fused
 * update that follows reads it where it reads DL4J's.
 *
 * <p>Why: DL4J's {@code computeGradientAndScore} allocates every activation and delta (its
 * {@code x.mmul(w)} took 925 us where {@code Nd4j.gemm} into a kept output takes 500) and has
 * fixed costs per layer. Here the eight matrix products of the MLP go to libnd4j's matmul, as
 * {@code Nd4j.gemm} does but with each product's op kept ({@link MatrixProduct}), into outputs
 * kept across steps (one set per batch size, so a short last batch adds one set, once); bias,
 * activation, softmax, loss, dropout and the bias gradient run as Java loops on heap copies of
 * those outputs, copied in and out in bulk.
 *
 * <p>Dropout (a {@link DropoutLayer}, or a layer's own {@link Dropout} on its input) keeps each
 * input with probability p and scales the kept ones by 1/p, as DL4J's inverted dropout does, but
 * its masks come from a {@link SplittableRandom} seeded from ND4J's generator once per step: the
 * engine reseeds that generator before each round ({@code Replica.seedRandom}), so a retried round
 * draws the same masks, on any thread. They are not DL4J's masks (those do not repeat even
 * reseeded on a network of this size; docs/performance.md).
 */
final class DensePass {

  /** One dense or output layer, with the dropout applied to its input (keep = 1: none). */
  private record Stage(int nIn, int nOut, INDArray weights, INDArray bias, INDArray weightGradient,
      INDArray biasGradient, Activation activation, double keep, FloatBuffer biasData,
      FloatBuffer biasGradientData) {}

  private enum Activation { IDENTITY, RELU, TANH, SIGMOID, SOFTMAX }

  private final MultiLayerNetwork network;
  private final List<Stage> stages;
  private final boolean regularised;
  private final double clipEps;
  private final Map<Integer, Buffers> buffersByBatch = new HashMap<>();
  /** Inference's outputs, one set per batch size: scoring takes other sizes than training. */
  private final Map<Integer, Outputs> outputsByBatch = new HashMap<>();
  /** Heap scratch: one stage's largest activation, and the bias. */
  private float[] heap = new float[0];
  private float[] heap2 = new float[0];
  private final float[] biasHeap;
  /**
   * Inference's own scratch: a task of a failed attempt can still be scoring on this pass while
   * its retry trains on it (it stops at its next batch), and must not write the step's scratch.
   */
  private float[] predictHeap = new float[0];
  private final float[] predictBias;

  private DensePass(MultiLayerNetwork network, List<Stage> stages, boolean regularised,
      double clipEps) {
    this.network = network;
    this.stages = stages;
    this.regularised = regularised;
    this.clipEps = clipEps;
    this.biasHeap = new float[stages.stream().mapToInt(Stage::nOut).max().orElse(0)];
    this.predictBias = new float[biasHeap.length];
  }

  /** What keeps {@code network} from this pass, one line each (appended to {@code problems}). */
  static void unsupported(MultiLayerNetwork network, List<String> problems) {
    plan(network, problems);
  }

  /** The pass for {@code network}; null, with the reasons in {@code problems}, if it is not covered. */
  static DensePass of(MultiLayerNetwork network, List<String> problems) {
    List<Stage> stages = plan(network, problems);
    if (!problems.isEmpty()) {
      return null;
    }
    boolean regularised = false;
    for (NeuralNetConfiguration conf : network.getLayerWiseConfigurations().getConfs()) {
      if (conf.getLayer() instanceof BaseLayer base) {
        regularised |= !base.getRegularization().isEmpty() || !base.getRegularizationBias().isEmpty();
      }
    }
    OutputLayer output = (OutputLayer) network.getOutputLayer().conf().getLayer();
    return new DensePass(network, stages, regularised,
        ((LossMCXENT) output.getLossFn()).getSoftmaxClipEps());
  }

  private static List<Stage> plan(MultiLayerNetwork network, List<String> problems) {
    List<Stage> stages = new ArrayList<>();
    int before = problems.size();
    if (network.getLayerWiseConfigurations().getInputPreProcessors() != null
        && !network.getLayerWiseConfigurations().getInputPreProcessors().isEmpty()) {
      problems.add("own forward/backward: input preprocessors");
    }
    if (network.getGradientsViewArray() == null) {
      network.initGradientsView();
    }
    double pending = 1.0;
    Layer[] layers = network.getLayers();
    for (int i = 0; i < layers.length; i++) {
      org.deeplearning4j.nn.conf.layers.Layer conf = layers[i].conf().getLayer();
      String name = "own forward/backward: layer " + i + " (" + conf.getClass().getSimpleName()
          + ")";
      Double keep = keepOf(conf.getIDropout());
      if (keep == null) {
        problems.add(name + ": dropout " + conf.getIDropout().getClass().getSimpleName());
        continue;
      }
      if (keep < 1 && pending < 1) {
        problems.add(name + ": two dropouts in a row");
      }
      pending *= keep;
      if (conf instanceof DropoutLayer) {
        continue;
      }
      if (layers[i] instanceof FrozenLayer || layers[i] instanceof FrozenLayerWithBackprop
          || layers[i].getGradientsViewArray() == null) {
        // A transferred network's kept layers: DL4J gives them no gradient to write into.
        problems.add(name + ": frozen");
        continue;
      }
      boolean last = i == layers.length - 1;
      if (!(last ? conf.getClass() == OutputLayer.class : conf.getClass() == DenseLayer.class)) {
        problems.add(name + (last ? ": not a dense output layer" : ": not a dense layer"));
        continue;
      }
      BaseLayer base = (BaseLayer) conf;
      Activation activation = activationOf(base.getActivationFn());
      if (activation == null || (activation == Activation.SOFTMAX) != last) {
        problems.add(name + ": activation " + base.getActivationFn());
      }
      if (base.getWeightNoise() != null) {
        problems.add(name + ": weight noise");
      }
      if (conf instanceof DenseLayer dense && (!dense.hasBias() || dense.hasLayerNorm())) {
        problems.add(name + ": no bias or layer normalisation");
      }
      if (conf instanceof OutputLayer output && (!output.hasBias()
          || !(output.getLossFn() instanceof LossMCXENT loss) || loss.getWeights() != null)) {
        problems.add(name + ": loss " + output.getLossFn() + " (only unweighted MCXENT)");
      }
      if (problems.size() > before) {
        continue;
      }
      Map<String, INDArray> gradients = DefaultParamInitializer.getInstance()
          .getGradientsFromFlattened(layers[i].conf(), layers[i].getGradientsViewArray());
      INDArray w = layers[i].getParam(DefaultParamInitializer.WEIGHT_KEY);
      INDArray bias = layers[i].getParam(DefaultParamInitializer.BIAS_KEY);
      INDArray biasGradient = gradients.get(DefaultParamInitializer.BIAS_KEY);
      stages.add(new Stage((int) w.size(0), (int) w.size(1), w, bias,
          gradients.get(DefaultParamInitializer.WEIGHT_KEY), biasGradient, activation, pending,
          bias.data().asNioFloat(), biasGradient.data().asNioFloat()));
      pending = 1.0;
    }
    return stages;
  }

  /** The keep probability of a fixed-rate {@link Dropout} (1 without); null for any other kind. */
  private static Double keepOf(IDropout dropout) {
    if (dropout == null) {
      return 1.0;
    }
    if (dropout.getClass() != Dropout.class || ((Dropout) dropout).getPSchedule() != null) {
      return null;
    }
    return ((Dropout) dropout).getP();
  }

  private static Activation activationOf(IActivation fn) {
    if (fn instanceof ActivationIdentity) {
      return Activation.IDENTITY;
    }
    if (fn instanceof ActivationReLU relu) {
      // DL4J's ReLU can be capped, leaky below or thresholded; only the plain one is covered.
      return relu.equals(new ActivationReLU()) ? Activation.RELU : null;
    }
    if (fn instanceof ActivationTanH) {
      return Activation.TANH;
    }
    if (fn instanceof ActivationSigmoid) {
      return Activation.SIGMOID;
    }
    return fn instanceof ActivationSoftmax ? Activation.SOFTMAX : null;
  }

  /**
   * Forward and backward on a mini-batch: the gradient into the network's gradient view.
   *
   * @return the batch's mean loss, plus the regularisation score if the network has any
   */
  double run(INDArray features, INDArray labels) {
    int rows = (int) features.size(0);
    Buffers b = buffersByBatch.computeIfAbsent(rows, this::buffers);
    SplittableRandom random = null;
    INDArray input = features;
    int n = stages.size();
    double loss = 0;
    for (int s = 0; s < n; s++) {
      Stage stage = stages.get(s);
      if (stage.keep() < 1) {
        if (random == null) {
          random = new SplittableRandom(Nd4j.getRandom().nextLong());
        }
        b.dropped[s].assign(input);
        drop(b.dropped[s], b.dropBuffers[s], b.masks[s], stage.keep(), random);
        input = b.dropped[s];
      }
      b.inputs[s] = input;
      b.forward[s].run(input, stage.weights(), b.outputs[s]);
      stage.biasData().get((int) stage.bias().offset(), biasHeap, 0, stage.nOut());
      if (s < n - 1) {
        activate(b.outputBuffers[s], rows, stage, heap, biasHeap);
        input = b.outputs[s];
      } else {
        b.labels.assign(labels);
        loss = softmaxLoss(b, rows, stage);
      }
    }
    for (int s = n - 1; s >= 0; s--) {
      Stage stage = stages.get(s);
      b.weightGradients[s].run(b.inputs[s], b.deltas[s], stage.weightGradient());
      biasGradient(b.deltaBuffers[s], rows, stage);
      if (s > 0) {
        // The previous layer's delta: (delta W^T) through dropout's mask and its activation.
        b.inputGradients[s].run(b.deltas[s], stage.weights(), b.deltas[s - 1]);
        backward(b, s, rows);
      }
    }
    double score = loss / rows;
    return regularised ? score + network.calcRegularizationScore(true) : score;
  }

  /**
   * The network's output for {@code features} in inference mode (no dropout), as DL4J's {@code
   * output(features, false)} gives it to float rounding: the softmax's probabilities, in an array
   * kept for batches of this size, which the next call for the same size overwrites: one caller at
   * a time reads it. (The one overlap, a failed attempt's task still scoring while its retry
   * scores, stops at the failed task's next batch, and its scores are thrown away.)
   *
   * <p>Why: the tasks of a kept stage score 18,005 examples after every epoch with the replica they
   * train, and DL4J's {@code output} allocates every activation and runs an op per bias and
   * activation: the MLP's 9,000 MNIST examples in batches of 1,024 on one thread took it 152-181
   * ms, this pass 114-126, in the same minutes (docs/performance.md).
   */
  synchronized INDArray predict(INDArray features) {
    int rows = (int) features.size(0);
    Outputs o = outputsByBatch.computeIfAbsent(rows, this::outputs);
    INDArray input = features;
    int n = stages.size();
    for (int s = 0; s < n; s++) {
      Stage stage = stages.get(s);
      o.forward[s].run(input, stage.weights(), o.outputs[s]);
      stage.biasData().get((int) stage.bias().offset(), predictBias, 0, stage.nOut());
      if (s < n - 1) {
        activate(o.outputBuffers[s], rows, stage, predictHeap, predictBias);
        input = o.outputs[s];
      } else {
        int length = rows * stage.nOut();
        o.outputBuffers[s].get(0, predictHeap, 0, length);
        softmax(predictHeap, predictBias, rows, stage.nOut());
        o.outputBuffers[s].put(0, predictHeap, 0, length);
      }
    }
    return o.outputs[n - 1];
  }

  /** Bias and softmax of {@code rows} rows of {@code width} logits in {@code work}, in place. */
  private static void softmax(float[] work, float[] bias, int rows, int width) {
    for (int r = 0; r < rows; r++) {
      int at = r * width;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < width; j++) {
        work[at + j] += bias[j];
        max = Math.max(max, work[at + j]);
      }
      float sum = 0f;
      for (int j = 0; j < width; j++) {
        work[at + j] = (float) Math.exp(work[at + j] - max);
        sum += work[at + j];
      }
      for (int j = 0; j < width; j++) {
        work[at + j] /= sum;
      }
    }
  }

  private Outputs outputs(int rows) {
    Outputs o = new Outputs(stages.size());
    int widest = 0;
    for (int s = 0; s < stages.size(); s++) {
      o.outputs[s] = Nd4j.createUninitialized(DataType.FLOAT, rows, stages.get(s).nOut());
      o.outputBuffers[s] = o.outputs[s].data().asNioFloat();
      o.forward[s] = new MatrixProduct(false, false);
      widest = Math.max(widest, rows * stages.get(s).nOut());
    }
    if (predictHeap.length < widest) {
      predictHeap = new float[widest];
    }
    return o;
  }

  /** The dropout factors the last step at {@code rows} drew for stage {@code stage}'s input. */
  float[] mask(int rows, int stage) {
    return buffersByBatch.get(rows).masks[stage];
  }

  private Buffers buffers(int rows) {
    int n = stages.size();
    Buffers b = new Buffers(n);
    int widest = 0;
    for (int s = 0; s < n; s++) {
      Stage stage = stages.get(s);
      b.outputs[s] = Nd4j.createUninitialized(DataType.FLOAT, rows, stage.nOut());
      b.outputBuffers[s] = b.outputs[s].data().asNioFloat();
      b.deltas[s] = Nd4j.createUninitialized(DataType.FLOAT, rows, stage.nOut());
      b.deltaBuffers[s] = b.deltas[s].data().asNioFloat();
      if (stage.keep() < 1) {
        b.dropped[s] = Nd4j.createUninitialized(DataType.FLOAT, rows, stage.nIn());
        b.dropBuffers[s] = b.dropped[s].data().asNioFloat();
        b.masks[s] = new float[rows * stage.nIn()];
      }
      widest = Math.max(widest, rows * Math.max(stage.nIn(), stage.nOut()));
    }
    b.labels = Nd4j.createUninitialized(DataType.FLOAT, rows, stages.get(n - 1).nOut());
    b.labelBuffer = b.labels.data().asNioFloat();
    if (heap.length < widest) {
      heap = new float[widest];
      heap2 = new float[widest];
    }
    return b;
  }

  /** Inverted dropout in place on {@code dropped}, the kept-and-scaled factors into {@code mask}. */
  private void drop(INDArray dropped, FloatBuffer buffer, float[] mask, double keep,
      SplittableRandom random) {
    int length = mask.length;
    buffer.get(0, heap, 0, length);
    float scale = (float) (1.0 / keep);
    for (int i = 0; i < length; i++) {
      mask[i] = random.nextDouble() < keep ? scale : 0f;
      heap[i] *= mask[i];
    }
    buffer.put(0, heap, 0, length);
  }

  /**
   * Bias and activation of a hidden layer, in place on its output, through {@code work} (the
   * step's scratch or inference's). The activation is chosen once a row, so that each inner loop
   * is a plain pass over the row.
   */
  private static void activate(FloatBuffer out, int rows, Stage stage, float[] work,
      float[] bias) {
    int width = stage.nOut();
    int length = rows * width;
    out.get(0, work, 0, length);
    Activation activation = stage.activation();
    for (int at = 0; at < length; at += width) {
      int end = at + width;
      for (int i = at, j = 0; i < end; i++, j++) {
        work[i] += bias[j];
      }
      switch (activation) {
        case RELU -> {
          for (int i = at; i < end; i++) {
            work[i] = work[i] > 0f ? work[i] : 0f;
          }
        }
        case TANH -> {
          for (int i = at; i < end; i++) {
            work[i] = (float) Math.tanh(work[i]);
          }
        }
        case SIGMOID -> {
          for (int i = at; i < end; i++) {
            work[i] = (float) (1.0 / (1.0 + Math.exp(-work[i])));
          }
        }
        default -> { }
      }
    }
    out.put(0, work, 0, length);
  }

  /**
   * Softmax of the output layer, its summed cross-entropy (probabilities clipped as DL4J's
   * {@link LossMCXENT} clips them), and its delta, probabilities minus labels.
   */
  private double softmaxLoss(Buffers b, int rows, Stage stage) {
    int width = stage.nOut();
    int length = rows * width;
    b.outputBuffers[stages.size() - 1].get(0, heap, 0, length);
    b.labelBuffer.get(0, heap2, 0, length);
    double loss = 0;
    float lo = (float) clipEps;
    float hi = (float) (1.0 - clipEps);
    softmax(heap, biasHeap, rows, width);
    for (int i = 0; i < length; i++) {
      float p = heap[i];
      float y = heap2[i];
      if (y != 0f) {
        loss -= y * Math.log(Math.min(Math.max(p, lo), hi));
      }
      heap[i] = p - y;
    }
    b.deltaBuffers[stages.size() - 1].put(0, heap, 0, length);
    return loss;
  }

  /** The bias gradient: the delta summed over the batch, into the gradient view. */
  private void biasGradient(FloatBuffer delta, int rows, Stage stage) {
    int width = stage.nOut();
    delta.get(0, heap, 0, rows * width);
    Arrays.fill(biasHeap, 0, width, 0f);
    for (int r = 0; r < rows; r++) {
      int at = r * width;
      for (int j = 0; j < width; j++) {
        biasHeap[j] += heap[at + j];
      }
    }
    stage.biasGradientData().put((int) stage.biasGradient().offset(), biasHeap, 0, width);
  }

  /**
   * Turns {@code deltas[s - 1]}, which holds the gradient with respect to stage s's input, into
   * stage s-1's delta: through stage s's dropout mask, then stage s-1's activation derivative
   * (taken from its output, which is what ReLU, tanh and sigmoid need).
   */
  private void backward(Buffers b, int s, int rows) {
    Stage previous = stages.get(s - 1);
    int length = rows * previous.nOut();
    b.deltaBuffers[s - 1].get(0, heap, 0, length);
    b.outputBuffers[s - 1].get(0, heap2, 0, length);
    float[] mask = b.masks[s];
    if (mask != null) {
      for (int i = 0; i < length; i++) {
        heap[i] *= mask[i];
      }
    }
    switch (previous.activation()) {
      case RELU -> {
        for (int i = 0; i < length; i++) {
          heap[i] = heap2[i] > 0f ? heap[i] : 0f;
        }
      }
      case TANH -> {
        for (int i = 0; i < length; i++) {
          heap[i] *= 1f - heap2[i] * heap2[i];
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < length; i++) {
          heap[i] *= heap2[i] * (1f - heap2[i]);
        }
      }
      default -> { }
    }
    b.deltaBuffers[s - 1].put(0, heap, 0, length);
  }

  /** The arrays inference needs for one batch size, kept across calls. */
  private static final class Outputs {
    final INDArray[] outputs;
    final FloatBuffer[] outputBuffers;
    final MatrixProduct[] forward;

    Outputs(int n) {
      outputs = new INDArray[n];
      outputBuffers = new FloatBuffer[n];
      forward = new MatrixProduct[n];
    }
  }

  /** The arrays one batch size needs, kept across steps. */
  private static final class Buffers {
    final INDArray[] outputs;
    final FloatBuffer[] outputBuffers;
    final INDArray[] deltas;
    final FloatBuffer[] deltaBuffers;
    final INDArray[] dropped;
    final FloatBuffer[] dropBuffers;
    final float[][] masks;
    /** Each stage's input of the current step: the features, a dropped copy, or an output. */
    final INDArray[] inputs;
    /** Each stage's three products: its output, its weight gradient, its input's delta. */
    final MatrixProduct[] forward;
    final MatrixProduct[] weightGradients;
    final MatrixProduct[] inputGradients;
    INDArray labels;
    FloatBuffer labelBuffer;

    Buffers(int n) {
      forward = new MatrixProduct[n];
      weightGradients = new MatrixProduct[n];
      inputGradients = new MatrixProduct[n];
      for (int s = 0; s < n; s++) {
        forward[s] = new MatrixProduct(false, false);
        weightGradients[s] = new MatrixProduct(true, false);
        // The first stage's input needs no delta.
        inputGradients[s] = s > 0 ? new MatrixProduct(false, true) : null;
      }
      outputs = new INDArray[n];
      outputBuffers = new FloatBuffer[n];
      deltas = new INDArray[n];
      deltaBuffers = new FloatBuffer[n];
      dropped = new INDArray[n];
      dropBuffers = new FloatBuffer[n];
      masks = new float[n][];
      inputs = new INDArray[n];
    }
  }
}
