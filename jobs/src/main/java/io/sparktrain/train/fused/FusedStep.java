package io.sparktrain.train.fused;

import io.sparktrain.model.HostMemory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training step of a DL4J {@link MultiLayerNetwork} or {@link ComputationGraph} with
 * sparktrain's optimizer update: DL4J's {@code computeGradientAndScore} (forward, backward, loss),
 * the training listeners' gradient hooks (global-norm clipping), then one {@link BlockPass} per
 * updater block, then the listeners' {@code iterationDone} and the iteration count, as
 * {@code fit()} orders them.
 * It replaces {@code fit()}'s per-step machinery (the solver, five passes over the gradient, an
 * allocation per op) and leaves the parameters, the updater state and the iteration exactly where
 * {@code fit()} would, to float rounding. Built with {@code ownForwardBackward}, a network that
 * {@link DensePass} covers gets its gradient from that pass instead of DL4J's.
 *
 * <p>Covered: every rule of {@link Rules}, element-wise gradient clipping, decoupled weight decay
 * ({@code WeightDecay}), {@code NoOp} parameters (batch normalisation's running statistics,
 * moved by their "gradient" as DL4J moves them), frozen layers (left out: their gradient is
 * zero), dropout. Not
 * covered ({@link #unsupported} names which): L1/L2 regularisation, the other gradient
 * normalisations, layer constraints, truncated backpropagation through time, layerwise
 * pretraining blocks, data types other than float.
 */
public final class FusedStep {

  /** Whether the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}). */
  public static final boolean AVAILABLE =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private final Stepped network;
  private final List<BlockPass> blocks;
  /** sparktrain's own forward and backward; null where DL4J's computes the gradient. */
  private final DensePass dense;

  private FusedStep(Stepped network, List<BlockPass> blocks, DensePass dense) {
    this.network = network;
    this.blocks = blocks;
    this.dense = dense;
  }

  /**
   * What keeps {@code network} from the fused step, one line each; empty when it is covered.
   * Initialises the network's updater and gradient view if they are not yet.
   */
  public static List<String> unsupported(MultiLayerNetwork network) {
    return unsupported(new Stepped.Stack(network));
  }

  /** As {@link #unsupported(MultiLayerNetwork)}, for a graph. */
  public static List<String> unsupported(ComputationGraph graph) {
    return unsupported(new Stepped.Graph(graph));
  }

  private static List<String> unsupported(Stepped network) {
    List<String> problems = new ArrayList<>();
    if (!AVAILABLE) {
      problems.add("the JVM runs without --add-modules jdk.incubator.vector");
    }
    if (!HostMemory.holdsArrays()) {
      problems.add("ND4J's arrays live on the GPU, not in host memory");
    }
    if (network.dataType() != DataType.FLOAT) {
      problems.add("data type " + network.dataType());
    }
    if (network.backpropType() == BackpropType.TruncatedBPTT) {
      problems.add("truncated backpropagation through time");
    }
    for (Layer layer : network.layers()) {
      if (layer.getConstraints() != null && !layer.getConstraints().isEmpty()) {
        problems.add("layer " + layer.getLayerName() + ": constraints");
      }
    }
    new BlockPlanner(network.model(), problems).passes(updater(network));
    return problems;
  }

  /**
   * The fused step for {@code network}, whose updater and gradient view it keeps views of.
   *
   * @throws IllegalArgumentException naming what is not covered, as {@link #unsupported}
   */
  public static FusedStep of(MultiLayerNetwork network) {
    return of(network, false);
  }

  /**
   * The fused step for {@code network}; with {@code ownForwardBackward}, and where {@link
   * #forwardBackwardUnsupported} finds nothing, also sparktrain's forward and backward pass
   * ({@link DensePass}) instead of DL4J's {@code computeGradientAndScore}.
   *
   * @throws IllegalArgumentException naming what is not covered, as {@link #unsupported}
   */
  public static FusedStep of(MultiLayerNetwork network, boolean ownForwardBackward) {
    Stepped stack = new Stepped.Stack(network);
    return new FusedStep(stack, blocks(stack),
        ownForwardBackward ? DensePass.of(network, new ArrayList<>()) : null);
  }

  /**
   * The fused step for {@code graph}; its gradient is DL4J's.
   *
   * @throws IllegalArgumentException naming what is not covered, as {@link #unsupported}
   */
  public static FusedStep of(ComputationGraph graph) {
    Stepped stepped = new Stepped.Graph(graph);
    return new FusedStep(stepped, blocks(stepped), null);
  }

  private static List<BlockPass> blocks(Stepped network) {
    List<String> problems = unsupported(network);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("no fused step for this network: " + problems);
    }
    return new BlockPlanner(network.model(), problems).passes(updater(network));
  }

  /**
   * What keeps sparktrain's own forward and backward pass from {@code network} (then DL4J's
   * computes the gradient), one line each; empty for a stack of dense layers with dropout and
   * a softmax output layer with cross-entropy.
   */
  public static List<String> forwardBackwardUnsupported(MultiLayerNetwork network) {
    List<String> problems = new ArrayList<>();
    DensePass.unsupported(network, problems);
    return problems;
  }

  /** Whether the gradient is sparktrain's own forward and backward's, not DL4J's. */
  public boolean ownsForwardBackward() {
    return dense != null;
  }

  /**
   * The network's inference output for {@code features} through sparktrain's own pass (an array
   * the next call with as many rows overwrites); null where the gradient is DL4J's, then DL4J's
   * {@code output} gives it.
   */
  public INDArray output(INDArray features) {
    return dense == null ? null : dense.predict(features);
  }

  /**
   * One step of a stack on a mini-batch.
   *
   * @return the batch's mean loss, regularisation included, as {@code network.score()} after
   *     {@code fit}
   */
  public double step(INDArray features, INDArray labels) {
    MultiLayerNetwork stack = ((Stepped.Stack) network).network();
    stack.setInput(features);
    stack.setLabels(labels);
    if (dense != null) {
      stack.setScore(dense.run(features, labels));
    } else {
      network.computeGradientAndScore();
    }
    return update();
  }

  /**
   * One step of a graph on a mini-batch: {@code inputs} for its inputs, {@code labels} for its
   * outputs, in their order.
   *
   * @return the batch's mean loss, as {@code graph.score()} after {@code fit}
   */
  public double step(INDArray[] inputs, INDArray[] labels) {
    ComputationGraph graph = ((Stepped.Graph) network).graph();
    graph.setInputs(inputs);
    graph.setLabels(labels);
    // fit() sets the batch's masks, none here: no mask left by an earlier call may apply.
    graph.setLayerMaskArrays(null, null);
    network.computeGradientAndScore();
    double score = update();
    // As fit() leaves a graph: no layer holds the batch's activations until the next step.
    graph.clearLayersStates();
    return score;
  }

  /** The gradient hooks, the update, {@code iterationDone}, the iteration count; the score. */
  private double update() {
    Collection<TrainingListener> listeners = network.listeners();
    for (TrainingListener listener : listeners) {
      listener.onGradientCalculation(network.model());
    }
    int iteration = network.iteration();
    int epoch = network.epoch();
    int batchSize = network.model().batchSize();
    for (BlockPass block : blocks) {
      block.run(iteration, epoch, batchSize);
    }
    for (TrainingListener listener : listeners) {
      listener.iterationDone(network.model(), iteration, epoch);
    }
    network.setIteration(iteration + 1);
    return network.model().score();
  }

  private static BaseMultiLayerUpdater<?> updater(Stepped network) {
    network.initGradientsView();
    BaseMultiLayerUpdater<?> updater = network.updater();
    for (UpdaterBlock block : updater.getUpdaterBlocks()) {
      if (block.getGradientUpdater() == null) {
        block.init();
      }
    }
    return updater;
  }
}
