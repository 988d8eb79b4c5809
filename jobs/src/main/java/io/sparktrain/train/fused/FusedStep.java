package io.sparktrain.train.fused;

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
 * {@code fit()} would, to float rounding.
 *
 * <p>Covered: every rule of {@link Rules}, element-wise gradient clipping, decoupled weight decay
 * ({@code WeightDecay}), frozen layers (their {@code NoOp} blocks are skipped), dropout. Not
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

  private FusedStep(MultiLayerNetwork network, List<BlockPass> blocks) {
    this.network = network;
    this.blocks = blocks;
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
    List<String> problems = unsupported(network);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("no fused step for this network: " + problems);
    }
    return new FusedStep(network,
        new BlockPlanner(network, problems).passes(updater(network)));
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
    network.computeGradientAndScore();
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
