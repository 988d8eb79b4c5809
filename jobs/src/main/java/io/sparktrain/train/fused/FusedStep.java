package io.sparktrain.train.fused;

import io.sparktrain.model.HostMemory;
import io.sparktrain.model.SkipsInputGradient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training step of a DL4J {@link MultiLayerNetwork} with sparktrain's optimizer update:
 * DL4J's {@code computeGradientAndScore} (forward, backward, loss), the training listeners'
 * gradient hooks (global-norm clipping), then one {@link BlockPass} per updater block, then the
 * listeners' {@code iterationDone} and the iteration count, as {@code fit(DataSet)} orders them.
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

  private final MultiLayerNetwork network;
  private final List<BlockPass> blocks;
  /** sparktrain's own forward and backward; null where DL4J's computes the gradient. */
  private final DensePass dense;

  private FusedStep(MultiLayerNetwork network, List<BlockPass> blocks, DensePass dense) {
    this.network = network;
    this.blocks = blocks;
    this.dense = dense;
  }

  /**
   * What keeps {@code network} from the fused step, one line each; empty when it is covered.
   * Initialises the network's updater and gradient view if they are not yet.
   */
  public static List<String> unsupported(MultiLayerNetwork network) {
    List<String> problems = new ArrayList<>();
    if (!AVAILABLE) {
      problems.add("the JVM runs without --add-modules jdk.incubator.vector");
    }
    if (!HostMemory.holdsArrays()) {
      problems.add("ND4J's arrays live on the GPU, not in host memory");
    }
    if (network.getLayerWiseConfigurations().getDataType() != DataType.FLOAT) {
      problems.add("data type " + network.getLayerWiseConfigurations().getDataType());
    }
    if (network.getLayerWiseConfigurations().getBackpropType() == BackpropType.TruncatedBPTT) {
      problems.add("truncated backpropagation through time");
    }
    for (NeuralNetConfiguration conf : network.getLayerWiseConfigurations().getConfs()) {
      if (conf.getLayer().getConstraints() != null && !conf.getLayer().getConstraints().isEmpty()) {
        problems.add("layer " + conf.getLayer().getLayerName() + ": constraints");
      }
    }
    new BlockPlanner(network, problems).passes(updater(network));
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
    List<String> problems = unsupported(network);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("no fused step for this network: " + problems);
    }
    List<BlockPass> blocks = new BlockPlanner(network, problems).passes(updater(network));
    return new FusedStep(network, blocks,
        ownForwardBackward ? DensePass.of(network, new ArrayList<>()) : null);
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
   * One step on a mini-batch.
   *
   * @return the batch's mean loss, regularisation included, as {@code network.score()} after
   *     {@code fit}
   */
  public double step(INDArray features, INDArray labels) {
    network.setInput(features);
    network.setLabels(labels);
    if (dense != null) {
      network.setScore(dense.run(features, labels));
    } else {
      computeGradientAndScore();
    }
    Collection<TrainingListener> listeners = network.getListeners();
    for (TrainingListener listener : listeners) {
      listener.onGradientCalculation(network);
    }
    int iteration = network.getIterationCount();
    int epoch = network.getEpochCount();
    int batchSize = network.batchSize();
    for (BlockPass block : blocks) {
      block.run(iteration, epoch, batchSize);
    }
    for (TrainingListener listener : listeners) {
      listener.iterationDone(network, iteration, epoch);
    }
    network.setIterationCount(iteration + 1);
    return network.score();
  }

  /**
   * DL4J's forward and backward; the first layer's input gradient, which DL4J computes and then
   * drops here, is left out where that layer can skip it.
   */
  private void computeGradientAndScore() {
    if (!(network.getLayer(0) instanceof SkipsInputGradient first)) {
      network.computeGradientAndScore();
      return;
    }
    first.skipInputGradient(true);
    try {
      network.computeGradientAndScore();
    } finally {
      first.skipInputGradient(false);
    }
  }

  private static BaseMultiLayerUpdater<?> updater(MultiLayerNetwork network) {
    if (network.getGradientsViewArray() == null) {
      network.initGradientsView();
    }
    BaseMultiLayerUpdater<?> updater = (BaseMultiLayerUpdater<?>) network.getUpdater(true);
    for (UpdaterBlock block : updater.getUpdaterBlocks()) {
      if (block.getGradientUpdater() == null) {
        block.init();
      }
    }
    return updater;
  }
}
