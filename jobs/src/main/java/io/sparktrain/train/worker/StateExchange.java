package io.sparktrain.train.worker;

import io.sparktrain.exchange.ExampleWeightedSum;
import io.sparktrain.exchange.RoundTotals;
import io.sparktrain.exchange.TaskExchange;
import io.sparktrain.train.replica.Replica;
import java.nio.FloatBuffer;

/**
 * One task's averaging of its replica's state with the other tasks of the stage, round after
 * round. When each executor holds one task and they share a file on one host, a replica that can
 * moves its state into its slot of the file, and the peers average their states where they lie.
 * Otherwise, when every task runs in this JVM or (one task to each executor) they share a file,
 * and the replica's state has flat views, the exchange averages the views in place; otherwise
 * (an executor holding several tasks of a stage that spans JVMs) the state goes through one Java
 * array, made once per epoch: the state weighed by the round's examples, then two tallies the sum
 * adds up too, examples (the weights) and loss.
 */
final class StateExchange {

  /**
   * Whether a replica may move its state into the shared file (the system property
   * {@code io.sparktrain.exchange.lodge}, true unless set false): the switch that measures what
   * it saves.
   */
  private static final boolean LODGE =
      Boolean.parseBoolean(System.getProperty("io.sparktrain.exchange.lodge", "true"));

  private final Replica replica;
  private final TaskExchange exchange;

  private final FloatBuffer[] views;
  /** Where the state lies in the replica's slot of the shared file; null when it lies elsewhere. */
  private final int[] lodgedParts;
  private final float[] buffer;
  private final int length;

  StateExchange(Replica replica, TaskExchange exchange) {
    this.replica = replica;
    this.exchange = exchange;
    int lodging = LODGE && !exchange.alone() ? replica.lodgingLength() : 0;
    FloatBuffer home = lodging > 0 ? exchange.lodging(lodging) : null;
    this.lodgedParts = home == null ? null : replica.lodgeIn(home);
    // After the move: the views are the state's where it lies now.
    FloatBuffer[] inPlace = replica.stateViews();
    this.views = exchange.averagesInPlace() ? inPlace : null;
    this.length = replica.stateLength();
    this.buffer = views == null ? new float[vectorLength(replica)] : null;
  }

  /** The length of the vector that goes between JVMs: the state, then examples and loss. */
  static int vectorLength(Replica replica) {
    return replica.stateLength() + 2;
  }

  /**
   * The length of each peer's slot in a shared file: the vector, or the replica's whole network
   * state when that is longer (its frozen parameters), so that the replica can lodge in it.
   */
  static int slotLength(Replica replica) {
    return Math.max(vectorLength(replica), replica.lodgingLength());
  }

  /**
   * Replaces the replica's state by the example-weighted average over all tasks.
   *
   * @param examples examples this task trained on in the round
   * @param loss its summed loss over them
   * @return the examples and the summed loss over all tasks
   */
  RoundTotals average(long examples, double loss) {
    if (exchange.alone()) {
      // The average of one state is that state: copying 6.4 MB through it every round cost a
      // lone MLP worker 0.5 s an epoch at one step a round.
      return new RoundTotals(examples, loss);
    }
    if (lodgedParts != null) {
      return exchange.averageLodged(lodgedParts, examples, loss);
    }
    if (views != null) {
      return exchange.averageInPlace(views, examples, loss);
    }
    replica.writeState(buffer);
    ExampleWeightedSum.weigh(buffer, length, examples);
    buffer[length] = examples;
    buffer[length + 1] = (float) loss;
    exchange.sumInPlace(buffer);
    float total = buffer[length];
    ExampleWeightedSum.divide(buffer, length, total);
    replica.readState(buffer);
    return new RoundTotals(total, buffer[length + 1]);
  }
}
