package io.sparktrain.train.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparktrain.exchange.EpochReport;
import io.sparktrain.train.replica.GlobalState;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Which orders carry the state: the driver sends it to a task only where neither the task's
 * replica nor the stage's broadcast holds it, so that a retried attempt of a stage's first epoch
 * reads it from the broadcast (one send to each executor) rather than from the rendezvous (one
 * send to each task).
 */
class SpanGateTest {

  private static final long FIRST = 11;
  private static final long LATER = 22;
  private static final long SOMETHING_ELSE = 33;

  @Test
  void aTaskHoldingNeitherGetsTheStateOfAnEpochTheBroadcastDoesNotHold() throws Exception {
    SpanGate gate = new SpanGate(2, OptionalLong.of(FIRST));
    gate.post(orders(1, LATER));
    Orders answer = ask(gate, 1, SOMETHING_ELSE);
    assertNotNull(answer.state(), "the state of an epoch after the broadcast's");
    assertArrayEquals(new float[] {1, 2}, answer.state().params());
  }

  @Test
  void aRetriedTaskOfTheFirstEpochReadsTheBroadcast() throws Exception {
    SpanGate gate = new SpanGate(2, OptionalLong.of(FIRST));
    gate.post(orders(0, FIRST));
    assertNull(ask(gate, 1, SOMETHING_ELSE).state(), "the broadcast holds it");
    assertNull(ask(gate, 1, FIRST).state(), "the replica holds it");
  }

  @Test
  void withoutABroadcastOnlyTheReplicaSpares() throws Exception {
    SpanGate gate = new SpanGate(2, OptionalLong.empty());
    gate.post(orders(0, FIRST));
    assertNotNull(ask(gate, 1, SOMETHING_ELSE).state());
    assertNull(ask(gate, 1, FIRST).state());
  }

  private static Orders orders(int epoch, long digest) {
    EpochPlan plan = new EpochPlan(epoch, 5, 10, 8, 42, true);
    return new Orders(plan, digest, 100, 1.0,
        new GlobalState(new float[] {1, 2}, new float[] {3, 4, 5}, 100));
  }

  /** A task of attempt 1 (a retry) that has finished no epoch asks for its orders. */
  private static Orders ask(SpanGate gate, int rank, long held) throws Exception {
    var answer = gate.next(1, rank, new EpochReport(-1, held, new byte[0]), 1_000);
    assertNotNull(answer, "orders within the wait");
    Orders orders = Orders.of(answer);
    assertFalse(orders.stop(), "orders, not a stop");
    return orders;
  }
}
