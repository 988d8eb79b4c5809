package io.sparktrain.train;

import io.sparktrain.train.fused.FusedStep;
import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.replica.Replica;
import java.nio.FloatBuffer;
import java.util.List;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A {@link Replica} of a DL4J {@link MultiLayerNetwork}: a step is sparktrain's {@link FusedStep}
 * on a mini-batch of its {@link Shard} (refilled in place), or DL4J's {@code fit()} where the fused
 * step is switched off or does not cover the network. The state is the unfrozen layers' ranges of
 * the flat parameter vector ({@link TrainableParameters}) followed by the updater's flat state
 * view.
 */
public final class MultiLayerReplica extends Dl4jReplica {

  /** Replaced, with what is built on it, when the replica moves its state ({@link #lodgeIn}). */
  private MultiLayerNetwork network;
  private final Target target;
  /** Null for a replica that holds state only (the driver's model) or only evaluates. */
  private final Shard shard;
  /**
   * The rates a training replica scales; null for the driver's model, whose configuration keeps
   * the spec's rates (the engine and the checkpoint carry the scale), and for evaluation.
   */
  private LayerRates rates;
  /** Null where steps are DL4J's {@code fit()}. */
  private FusedStep fused;
  /**
   * Whether a step scores its batch itself: DL4J 1.0.0-M2.1's {@code computeGradientAndScore},
   * which {@code fit()} runs too, reports a wrong loss for a stack that ends in a
   * {@code LossLayer} (binary cross-entropy of 764.5 where the loss of the same parameters and
   * batch is 562.0), while its gradient is the loss's. The engine's training loss would otherwise
   * read several times the validation loss of an autoencoder. The price is one more forward pass
   * per step, for these stacks only.
   */
  private final boolean scoresItself;
  /** What a training replica was built from, to build its network again over other memory. */
  private String configurationJson;
  private List<TrainingListener> listeners = List.of();

  private MultiLayerReplica(MultiLayerNetwork network, Target target, Shard shard,
      FusedStep fused) {
    super(flatState(network));
    this.network = network;
    this.target = target;
    this.shard = shard;
    this.rates = shard == null ? null : LayerRates.of(network);
    this.fused = fused;
    this.scoresItself = network.getOutputLayer() instanceof LossLayer;
  }

  /**
   * A new network of this configuration training on {@code shard}.
   *
   * @param initialParams every parameter of the network the training started from: the frozen
   *     ones stay as they are here, the others are overwritten by every {@link #load}
   * @param listeners training listeners the network runs with (gradient hooks)
   * @param fusedStep whether to step with {@link FusedStep} where it covers the network
   * @param ownForwardBackward whether that step also runs sparktrain's forward and backward pass
   *     where it covers the network (dense layers), instead of DL4J's
   */
  static MultiLayerReplica build(String configurationJson, float[] initialParams, Shard shard,
      List<TrainingListener> listeners, boolean fusedStep, boolean ownForwardBackward) {
    MultiLayerNetwork network =
        new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
    network.init();
    network.setListeners(listeners);
    network.setParams(Nd4j.create(initialParams, new long[] {1, initialParams.length}));
    FusedStep fused = fusedStep && FusedStep.unsupported(network).isEmpty()
        ? FusedStep.of(network, ownForwardBackward) : null;
    MultiLayerReplica replica = new MultiLayerReplica(network, shard.target(), shard, fused);
    replica.configurationJson = configurationJson;
    replica.listeners = listeners;
    return replica;
  }

  /** A new network of this configuration that evaluates what {@link #setParameters} gives it. */
  static MultiLayerReplica forEvaluation(String configurationJson, Target target) {
    MultiLayerNetwork network =
        new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
    network.init();
    return new MultiLayerReplica(network, target, null, null);
  }

  /**
   * {@code network} itself (not a copy), to capture and load its state: the driver's model, or a
   * benchmark's network whose state views it averages as the tasks do.
   */
  public static MultiLayerReplica of(MultiLayerNetwork network) {
    return new MultiLayerReplica(network, null, null, null);
  }

  @Override
  public int shardSize() {
    return shard == null ? 0 : shard.size();
  }

  @Override
  public void load(GlobalState state, int epoch) {
    flat.load(state);
    network.setIterationCount(Math.toIntExact(state.iteration()));
    resume(epoch, state.rateScale());
  }

  @Override
  public void resume(int epoch, double rateScale) {
    network.setEpochCount(epoch);
    if (rates != null) {
      rates.scaleTo(rateScale);
    }
  }

  @Override
  public long iteration() {
    return network.getIterationCount();
  }

  @Override
  public GlobalState capture() {
    return flat.capture(iteration(), rates == null ? 1.0 : rates.scale());
  }

  @Override
  public void setParameters(float[] all) {
    network.setParams(Nd4j.create(all, new long[] {1, all.length}));
  }

  @Override
  public int lodgingLength() {
    return configurationJson == null ? 0
        : Lodging.length(network.params(), updaterStateView(network));
  }

  /**
   * Builds the network again over {@code home}: DL4J's {@code init(params, false)} keeps a given
   * flat parameter vector as the network's own (an initialised network takes no other), and its
   * updater takes a given state view; the fused step and the rates are made anew on the new
   * network, the counts and the rates' scale carried over.
   */
  @Override
  int[] moveInto(FloatBuffer home) {
    if (configurationJson == null) {
      throw new UnsupportedOperationException("only a replica that trains can move its state");
    }
    Lodging.Views views = Lodging.copyInto(home, network.params(), updaterStateView(network));
    MultiLayerNetwork moved =
        new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
    moved.init(views.params(), false);
    moved.setListeners(listeners);
    if (views.updaterState() != null) {
      moved.setUpdater(new MultiLayerUpdater(moved, views.updaterState()));
    }
    moved.setIterationCount(network.getIterationCount());
    moved.setEpochCount(network.getEpochCount());
    LayerRates movedRates = LayerRates.of(moved);
    movedRates.scaleTo(rates.scale());
    fused = fused == null ? null : FusedStep.of(moved, fused.ownsForwardBackward());
    network = moved;
    rates = movedRates;
    flat = flatState(moved);
    return flat.parts(views.updaterAt());
  }

  @Override
  public void setIteration(long iteration) {
    network.setIterationCount(Math.toIntExact(iteration));
  }

  @Override
  public double step(int[] order, int from, int to) {
    DataSet batch = fused != null ? shard.reusedBatch(order, from, to)
        : shard.batch(order, from, to);
    // The loss before the step, as DL4J's score is; in inference mode, so that it draws no
    // dropout mask and moves no batch norm statistics.
    double ownScore = scoresItself ? network.score(batch, false) : Double.NaN;
    double score;
    if (fused != null) {
      score = fused.step(batch.getFeatures(), batch.getLabels());
    } else {
      network.fit(batch);
      score = network.score();
    }
    return (scoresItself ? ownScore : score) * (to - from);
  }

  /** Whether the fused step's gradient comes from sparktrain's own forward and backward. */
  boolean ownsForwardBackward() {
    return fused != null && fused.ownsForwardBackward();
  }

  /** Whether steps are sparktrain's fused step rather than DL4J's {@code fit()}. */
  boolean stepsFused() {
    return fused != null;
  }

  @Override
  Target target() {
    return target;
  }

  /** Through the training's own pass where it has one: valid until the next prediction. */
  @Override
  INDArray predict(DataSet batch) {
    INDArray own = fused == null ? null : fused.output(batch.getFeatures());
    return own != null ? own : network.output(batch.getFeatures(), false);
  }

  @Override
  double score(DataSet batch) {
    return network.score(batch, false);
  }

  /**
   * A cross-entropy over a dense output layer's probabilities (the classifiers' softmax output)
   * is scored from the prediction, as DL4J's {@code score} computes it after its own forward pass:
   * the loss function's sum over the batch, per example (DL4J divides only in mini-batch mode),
   * plus the regularisation. The evaluation otherwise runs every batch forward twice. Other
   * outputs, masked labels and sequences get DL4J's score.
   */
  @Override
  double score(DataSet batch, INDArray prediction) {
    if (!(network.getOutputLayer().conf().getLayer() instanceof OutputLayer output)
        || output.getClass() != OutputLayer.class
        || !(output.getLossFn() instanceof LossMCXENT loss)
        || !network.getOutputLayer().conf().isMiniBatch()
        || batch.getLabelsMaskArray() != null || prediction.rank() != 2) {
      return score(batch);
    }
    double eps = output.getActivationFn() instanceof ActivationSoftmax
        ? loss.getSoftmaxClipEps() : 0;
    double sum;
    if (eps > 0 && loss.getWeights() == null && prediction.dataType() == DataType.FLOAT
        && batch.getLabels().equalShapes(prediction)
        && (loss.getClass() == LossMCXENT.class
            || loss.getClass() == LossNegativeLogLikelihood.class)) {
      sum = clippedCrossEntropy(rowMajor(batch.getLabels()), rowMajor(prediction), eps);
    } else {
      // DL4J's clipping of a softmax's output, which the identity activation below would skip.
      INDArray probabilities = eps > 0
          ? Transforms.min(Transforms.max(prediction, eps, true), 1 - eps, false) : prediction;
      sum = loss.computeScore(batch.getLabels(), probabilities, new ActivationIdentity(), null,
          false);
    }
    return sum / batch.numExamples() + network.calcRegularizationScore(true);
  }

  /**
   * -sum(y log p) over every example, p clipped in float to [eps, 1 - eps] as DL4J's cross-entropy
   * clips a float softmax's output, so that every term is finite and a zero label's is 0 as in
   * DL4J's product. In Java rather than DL4J's three ops a batch: 0.36-0.55 ms for the MLP's 9,000
   * examples in batches of 1,024 on one thread, against 2.4-3.1 ms.
   */
  static double clippedCrossEntropy(float[] labels, float[] probabilities, double eps) {
    float lo = (float) eps;
    float hi = (float) (1.0 - eps);
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0f) {
        sum -= labels[i] * Math.log(Math.min(Math.max(probabilities[i], lo), hi));
      }
    }
    return sum;
  }

  /** {@code a}'s values in row-major order, copied once. */
  private static float[] rowMajor(INDArray a) {
    boolean whole = a.ordering() == 'c' && !a.isView() && a.data().length() == a.length();
    return (whole ? a : a.dup('c')).data().asFloat();
  }

  @Override
  int denseWidth() {
    MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
    if (conf.getInputPreProcessors() != null && !conf.getInputPreProcessors().isEmpty()) {
      return 0;
    }
    long widest = 0;
    for (NeuralNetConfiguration layer : conf.getConfs()) {
      Class<?> kind = layer.getLayer().getClass();
      if (kind == DenseLayer.class || kind == OutputLayer.class) {
        FeedForwardLayer dense = (FeedForwardLayer) layer.getLayer();
        widest = Math.max(widest, Math.max(dense.getNIn(), dense.getNOut()));
      } else if (kind != DropoutLayer.class) {
        return 0;
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, widest);
  }

  @Override
  boolean outputsProbabilities() {
    return givesProbabilities(network.getOutputLayer().conf().getLayer());
  }

  private static FlatState flatState(MultiLayerNetwork network) {
    return new FlatState(network::params, () -> updaterStateView(network),
        TrainableParameters.of(network));
  }

  /** The updater's flattened state, or null when the updater keeps none (plain SGD). */
  static INDArray updaterStateView(MultiLayerNetwork network) {
    Updater updater = network.getUpdater(true);
    return updater == null ? null : updater.getStateViewArray();
  }

  /** The network's updater state as a new float array; empty when it keeps none. */
  static float[] updaterState(MultiLayerNetwork network) {
    INDArray view = updaterStateView(network);
    return view == null ? new float[0] : view.toFloatVector();
  }
}
