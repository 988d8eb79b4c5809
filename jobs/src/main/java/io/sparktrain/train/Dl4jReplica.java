package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.exchange.TaskKills;
import io.sparktrain.train.replica.EvalTally;
import io.sparktrain.train.replica.Replica;
import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.List;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a DL4J network's replica does the same whether the network is a stack or a graph: its
 * state moves through a {@link FlatState}, its random numbers come from ND4J's generator, and it
 * evaluates batch by batch.
 */
abstract class Dl4jReplica implements Replica {

  /** Replaced when the replica moves its state ({@link #lodgeIn}). */
  FlatState flat;
  /** The memory the network's state lies in since {@link #lodgeIn}; null for its own. */
  private FloatBuffer home;
  private int[] homeParts;

  Dl4jReplica(FlatState flat) {
    this.flat = flat;
  }

  @Override
  public int stateLength() {
    return flat.length();
  }

  @Override
  public FloatBuffer[] stateViews() {
    return flat.views();
  }

  @Override
  public final int[] lodgeIn(FloatBuffer home) {
    if (home != this.home) {
      homeParts = moveInto(home);
      this.home = home;
    }
    return homeParts;
  }

  @Override
  public boolean lodged() {
    return home != null;
  }

  /**
   * Copies the network's state into {@code home} and builds the network again over it (see
   * {@link Lodging}), replacing {@link #flat} and whatever else holds the old network.
   *
   * @return where {@link #stateViews}'s parts now lie in {@code home}
   */
  abstract int[] moveInto(FloatBuffer home);

  @Override
  public void writeState(float[] to) {
    flat.write(to);
  }

  @Override
  public void readState(float[] from) {
    flat.read(from);
  }

  /** ND4J's generator is per thread, and Spark reuses task threads. */
  @Override
  public void seedRandom(long seed) {
    Nd4j.getRandom().setSeed(seed);
  }

  /** What the network outputs: one-hot labels, or its input back. */
  abstract Target target();

  /**
   * The network's prediction for the batch's features, without training; an array the replica
   * may reuse at its next prediction, so read it before asking again.
   */
  abstract INDArray predict(DataSet batch);

  /** The network's mean loss on the batch, regularisation included, without training. */
  abstract double score(DataSet batch);

  /**
   * As {@link #score(DataSet)}, where {@code prediction} is already the network's (first) output
   * for the batch: a network that can score from it saves the second forward pass.
   */
  double score(DataSet batch, INDArray prediction) {
    return score(batch);
  }

  /** Whether the (first) output layer's activation gives probabilities (softmax, sigmoid). */
  abstract boolean outputsProbabilities();

  /**
   * For a stack of dense layers on flat vectors, its widest layer's input or output: what one
   * example's largest activation holds. 0 for any other network (a convolution's maps, a
   * sequence's steps), whose activations are not that simple to bound.
   */
  abstract int denseWidth();

  /** The names of the outputs when the network has several, in output order; else empty. */
  List<String> outputNames() {
    return List.of();
  }

  /** Every output's prediction for the batch's features, in output order. */
  INDArray[] predictAll(DataSet batch) {
    return new INDArray[] {predict(batch)};
  }

  /** Whether output {@code index}'s activation gives probabilities. */
  boolean outputsProbabilities(int index) {
    return outputsProbabilities();
  }

  /** Whether {@code layer} is an output layer whose activation gives probabilities. */
  static boolean givesProbabilities(org.deeplearning4j.nn.conf.layers.Layer layer) {
    return layer instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer output
        && (output.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax
            || output.getActivationFn()
                instanceof org.nd4j.linalg.activations.impl.ActivationSigmoid);
  }

  @Override
  public EvalTally evaluate(Iterator<Example> examples, int batchSize, Evaluation classes) {
    return evaluate(examples, batchSize, classes, null, List.of());
  }

  /**
   * As {@link #evaluate(Iterator, int, Evaluation)}, also counting the target's own scores into
   * {@code metrics} (null for none), and, for a network with several outputs, each output's into
   * {@code outputs} (one per {@link #outputNames()}; empty for none). Classes are counted only
   * where the target has them.
   */
  EvalTally evaluate(Iterator<Example> examples, int batchSize, Evaluation classes,
      TargetMetrics metrics, List<OutputEval> outputs) {
    return evaluate(Shard.of(examples, target()), batchSize, classes, metrics, outputs);
  }

  /** As {@link #evaluate(Iterator, int, Evaluation, TargetMetrics, List)}, on a read shard. */
  EvalTally evaluate(Shard data, int batchSize, Evaluation classes, TargetMetrics metrics,
      List<OutputEval> outputs) {
    int[] order = data.order(0, false);
    double lossSum = 0;
    long count = 0;
    boolean hasClasses = target().hasClasses();
    for (int from = 0; from < data.size(); from += batchSize) {
      // Without this look a task of a failed barrier stage scores its slices to the end, on the
      // replica its retry may already use.
      TaskKills.throwIfKilled();
      int to = Math.min(from + batchSize, data.size());
      DataSet batch = data.batch(order, from, to);
      INDArray[] predictions = null;
      if (hasClasses || metrics != null || !outputs.isEmpty()) {
        predictions = outputs.isEmpty() ? new INDArray[] {predict(batch)} : predictAll(batch);
        if (hasClasses) {
          classes.eval(batch.getLabels(), predictions[0]);
        }
        if (metrics != null) {
          metrics.addAll(SequenceBatch.stepRows(batch.getLabels()),
              SequenceBatch.stepRows(predictions[0]));
        }
        for (int i = 0; i < outputs.size(); i++) {
          outputs.get(i).add(batch.getLabels(), predictions[i], hasClasses);
        }
      }
      double score = predictions == null ? score(batch) : score(batch, predictions[0]);
      lossSum += score * (to - from);
      count += to - from;
    }
    return new EvalTally(lossSum, count);
  }
}
