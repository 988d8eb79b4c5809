package io.sparktrain.train.worker;

import io.sparktrain.exchange.ExampleWeightedSum;
import io.sparktrain.exchange.RoundTotals;
import io.sparktrain.exchange.TaskExchange;
import io.sparktrain.train.replica.Replica;
import java.nio.FloatBuffer;

/**
 * One task's averaging of its replica's state with the other tasks of the stage, round after
 * round. When every task runs in this JVM, or each executor holds one task and they share a file
 * on one host, and the replica's state has flat views, the exchange averages the views in place;
 * otherwise the state goes through one Java array, made once per epoch: the state weighed by the
 * round's examples, then two tallies the sum adds up too, examples (the weights) and loss.
 */
final class StateExchange {

  private final Replica replica;
  private final TaskExchange exchange;
  private final FloatBuffer[] views;
  private final float[] buffer;
  private final int length;

  StateExchange(Replica replica, TaskExchange exchange) {
    this.replica = replica;
    this.exchange = exchange;
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
