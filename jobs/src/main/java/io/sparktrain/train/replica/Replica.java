package io.sparktrain.train.replica;

import io.sparktrain.data.Example;
import io.sparktrain.spec.DescentSpec.LastBatch;
import java.nio.FloatBuffer;
import java.util.Iterator;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * One worker's copy of the network, as the engines see it: everything they do to a network goes
 * through here, so the network library stays behind this interface. A replica trains on the
 * examples of its shard, which it was built over and holds in whatever form its library wants
 * its batches in; the engines address those examples by position, {@code 0 .. shardSize()}.
 *
 * <p><b>The state.</b> What the engines average is one flat vector of floats: the trainable
 * parameters, then the updater state (Adam's moments, momentum), in an order fixed by the
 * network. {@link #capture} and {@link #load} move it as a {@link GlobalState} (between the
 * driver and the tasks), {@link #writeState} and {@link #readState} as one float array (through a
 * transport), and {@link #stateViews} as views of the library's own memory, which the shared
 * memory exchange averages in place. A replica that can also keeps its network's state in memory
 * it is given ({@link #lodgeIn}: its slot of the file that executors on one host share), and the
 * peers then average their states where they lie, with no copy. Frozen parameters are never part
 * of the state.
 *
 * <p><b>Adding a network kind or a backend</b> means one new implementation and the
 * {@code ReplicaSource} that builds it on the executors; the exchange, the tasks and the engines'
 * round logic stay as they are:
 * <ul>
 *   <li>A DL4J {@code ComputationGraph} (several inputs and outputs) is {@code GraphReplica}:
 *       its {@code params()} and {@code getUpdater().getStateViewArray()} are flat vectors as a
 *       MultiLayerNetwork's are, so the state methods carry over; {@link #step} fits a
 *       {@code MultiDataSet} made from the shard's examples, and the trainable ranges come from
 *       the graph's layer vertices in topological order.
 *   <li>A replica that runs its own optimizer step instead of {@code fit()} (a fused update on
 *       the flat parameter, gradient and state arrays): {@link #step} computes the gradient and
 *       updates in place; as long as its state keeps the same layout, averaging, checkpoints and
 *       resume keep working. It may override {@link #trainSteps} to run all k steps in one call,
 *       keeping its accounting.
 *   <li>A second backend (libtorch through DJL, say): the same methods over that library's
 *       tensors; {@link #stateViews} may return null (then the exchange copies through
 *       {@link #writeState}/{@link #readState}), and {@link #seedRandom} seeds that library's
 *       generator.
 * </ul>
 *
 * <p>A replica is used by one task thread at a time and lives on its executor between rounds.
 */
public interface Replica {

  /** Examples in the shard this replica trains on; 0 for a replica built to hold state only. */
  int shardSize();

  /**
   * Copies the global state in (never aliasing its arrays, which may be a broadcast's) and sets the
   * iteration and epoch counts that learning-rate schedules and bias corrections read, and, on a
   * replica that trains, its learning-rate scale.
   *
   * @param epoch epochs finished so far
   */
  void load(GlobalState state, int epoch);

  /**
   * Goes on from the state the replica holds, which an epoch ended with and the driver goes on
   * from too: sets what {@link #load} sets besides the state, the epoch count and, on a replica
   * that trains, its learning-rate scale. The iteration count is the one the last round set.
   */
  void resume(int epoch, double rateScale);

  /** The current trainable parameters, updater state and iteration count, copied out. */
  GlobalState capture();

  /**
   * The iteration count, as {@link #capture} records it; replicas with a cheaper way than copying
   * the state out override it.
   */
  default long iteration() {
    return capture().iteration();
  }

  /**
   * Sets every parameter, frozen ones included, from the network's whole flat parameter vector: for
   * a replica that only evaluates a model trained elsewhere.
   */
  void setParameters(float[] all);

  /** Floats in the flat state: trainable parameters plus updater state. */
  int stateLength();

  /**
   * The flat state as views into the library's memory, in {@link #writeState}'s order, reading and
   * writing it in place; null when some part is not one contiguous run of floats (then the state
   * moves through {@link #writeState} and {@link #readState}).
   */
  FloatBuffer[] stateViews();

  /**
   * Floats the replica needs to keep its network's state in memory it is given
   * ({@link #lodgeIn}): every parameter, frozen ones too, then the updater's state; 0 when it
   * cannot.
   */
  default int lodgingLength() {
    return 0;
  }

  /**
   * Moves the network's parameters and updater state into {@code home} (copied, unless they lie
   * there already), where the network keeps them from then on: the shared memory exchange then
   * averages the peers' states where they lie. The replica holds {@code home} as long as it
   * uses it, and nothing else may free it meanwhile.
   *
   * @param home at least {@link #lodgingLength} floats
   * @return where {@link #stateViews}'s parts lie in {@code home}: offset and length of each
   */
  default int[] lodgeIn(FloatBuffer home) {
    throw new UnsupportedOperationException("this replica cannot move its state");
  }

  /** Whether the state lies in memory given to {@link #lodgeIn}, since a call of it. */
  default boolean lodged() {
    return false;
  }

  /** Copies the flat state into {@code to[0 .. stateLength())}. */
  void writeState(float[] to);

  /** Sets the flat state from {@code from[0 .. stateLength())}, laid out as written. */
  void readState(float[] from);

  /** Sets the global step count, after an averaging advanced it. */
  void setIteration(long iteration);

  /**
   * Reseeds the random numbers the network draws while training (dropout masks), so that a round
   * draws the same whichever thread or executor runs it.
   */
  void seedRandom(long seed);

  /**
   * One optimizer step on the shard's examples {@code order[from, to)}.
   *
   * @return the batch's mean loss times its size (regularisation included)
   */
  double step(int[] order, int from, int to);

  /**
   * The step loop: up to {@code maxSteps} steps of {@code batchSize} examples, visiting the shard
   * in {@code order} from position {@code from}, the last batch short when the shard runs out.
   */
  default StepTally trainSteps(int[] order, int from, int maxSteps, int batchSize) {
    return trainSteps(order, from, maxSteps, batchSize, LastBatch.KEEP);
  }

  /**
   * The step loop with a rule for the end of the shard: {@code keep} a short last batch,
   * {@code drop} it (a shard smaller than one batch still takes its one short step), or
   * {@code pad} it with examples from the start of {@code order}, counted as seen.
   */
  default StepTally trainSteps(int[] order, int from, int maxSteps, int batchSize,
      LastBatch last) {
    long examples = 0;
    double lossSum = 0;
    int steps = 0;
    int at = from;
    while (steps < maxSteps && at < order.length) {
      int to = Math.min(at + batchSize, order.length);
      boolean short_ = to - at < batchSize;
      if (short_ && last == LastBatch.DROP && at > 0) {
        at = order.length;
        break;
      }
      if (short_ && last == LastBatch.PAD) {
        int[] padded = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
          padded[i] = i < to - at ? order[at + i] : order[(i - (to - at)) % order.length];
        }
        lossSum += step(padded, 0, batchSize);
        examples += batchSize;
      } else {
        lossSum += step(order, at, to);
        examples += to - at;
      }
      steps++;
      at = to;
    }
    return new StepTally(examples, lossSum, steps, at);
  }

  /**
   * Evaluates the network as it stands on {@code examples} (not its shard), {@code batchSize} at a
   * time, without training.
   *
   * @param classes counts the predicted against the true classes; left as it is when the network
   *     reconstructs its input instead of classifying
   */
  EvalTally evaluate(Iterator<Example> examples, int batchSize, Evaluation classes);
}
