package io.sparktrain.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rank 0's handback over the rendezvous on loopback: the driver keeps exactly what was sent, only
 * from rank 0, only for a stage opened for one and within its size, and never when the exchange
 * encrypts; every refusal leaves the task free to return its result through Spark. Its progress
 * during an epoch takes the same connection. The tests use the wire, as tasks on a cluster do,
 * except the one for a task in the driver's own JVM.
 */
class HandbackTest {

  private static final byte[] SECRET = Handshake.randomSecret();
  /** Longer than one of Handback's bulk copies, and not a multiple of one. */
  private static final int PARAMS = 40_003;
  private static final int STATE = 2 * PARAMS;
  private static final int PROGRESS_ROUNDS = 5_000;

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private Rendezvous rendezvous;

  @BeforeEach
  void start() {
    rendezvous = Rendezvous.start(Endpoint.anyPort("127.0.0.1"), "127.0.0.1", SECRET, 1_000);
    rendezvous.unlist();
  }

  @AfterEach
  void stop() {
    rendezvous.close();
    pool.shutdownNow();
  }

  @Test
  void theDriverKeepsRankZerosHandbackAsSent() throws Exception {
    rendezvous.open("run/epoch-1", 2, PARAMS + STATE);
    Handback sent = handback(PARAMS, STATE);
    List<Boolean> kept = stage("run/epoch-1", 2, sent, false);
    assertEquals(List.of(true, false), kept, "rank 0 hands back, rank 1 has nothing to");
    Handback got = rendezvous.takeHandback("run/epoch-1");
    assertArrayEquals(sent.longs(), got.longs());
    assertArrayEquals(sent.doubles(), got.doubles());
    assertEquals(2, got.arrays().length);
    assertArrayEquals(sent.arrays()[0], got.arrays()[0]);
    assertArrayEquals(sent.arrays()[1], got.arrays()[1]);
    assertNull(rendezvous.takeHandback("run/epoch-1"), "taken once");
  }

  /**
   * In the driver's JVM (local mode) the arrays are handed over as they are, not written through
   * the socket and read back, under the same refusals.
   */
  @Test
  void aTaskInTheDriversJvmHandsItsArraysOverUnderTheSameRules() throws Exception {
    rendezvous.close();
    rendezvous = Rendezvous.start(Endpoint.anyPort("127.0.0.1"), "127.0.0.1", SECRET, 1_000);
    rendezvous.open("run/epoch-1", 2, PARAMS + STATE);
    Handback sent = handback(PARAMS, STATE);
    assertEquals(List.of(true, false), stage("run/epoch-1", 2, sent, false));
    Handback got = rendezvous.takeHandback("run/epoch-1");
    assertSame(sent.arrays()[0], got.arrays()[0], "handed over, not copied through the socket");
    assertSame(sent.arrays()[1], got.arrays()[1]);
    assertArrayEquals(sent.longs(), got.longs());

    rendezvous.open("run/epoch-2", 1);
    assertEquals(List.of(false), stage("run/epoch-2", 1, sent, false), "not opened for one");
    rendezvous.open("run/epoch-3", 1, PARAMS + STATE - 1);
    assertEquals(List.of(false), stage("run/epoch-3", 1, sent, false), "larger than the state");
    rendezvous.open("run/epoch-4", 1, PARAMS + STATE);
    assertEquals(List.of(false), stage("run/epoch-4", 1, sent, true), "encrypting");
    for (int epoch = 2; epoch <= 4; epoch++) {
      assertNull(rendezvous.takeHandback("run/epoch-" + epoch));
    }
  }

  @Test
  void aStageNotOpenedForAHandbackRefusesOneAndTheTaskIsToldAtOnce() throws Exception {
    rendezvous.open("run/epoch-1", 1);
    long start = System.nanoTime();
    assertEquals(List.of(false), stage("run/epoch-1", 1, handback(10, 0), false));
    assertTrue(System.nanoTime() - start < 20_000_000_000L, "the task waited for its timeout");
    assertNull(rendezvous.takeHandback("run/epoch-1"));
  }

  @Test
  void aHandbackLargerThanTheStagesStateIsRefusedBeforeItIsRead() throws Exception {
    rendezvous.open("run/epoch-1", 1, PARAMS + STATE - 1);
    assertEquals(List.of(false), stage("run/epoch-1", 1, handback(PARAMS, STATE), false));
    assertNull(rendezvous.takeHandback("run/epoch-1"));
  }

  @Test
  void anEncryptingExchangeNeverHandsBackInTheClear() throws Exception {
    rendezvous.open("run/epoch-1", 1, PARAMS + STATE);
    assertEquals(List.of(false), stage("run/epoch-1", 1, handback(PARAMS, STATE), true));
    assertNull(rendezvous.takeHandback("run/epoch-1"));
  }

  @Test
  void aTaskThatLacksTheStartingStateFetchesWhatTheDriverHandsOut() throws Exception {
    Handback handout = handback(PARAMS, STATE);
    rendezvous.open("run/epoch-2", 2, PARAMS + STATE, handout);
    Handback got = TaskExchange.fetchStart(rendezvous.address(), identity("run/epoch-2", 1, 2),
        new TaskExchange.Protection(SECRET, false), PARAMS + STATE, 10_000);
    assertArrayEquals(handout.longs(), got.longs());
    assertArrayEquals(handout.doubles(), got.doubles());
    assertArrayEquals(handout.arrays()[0], got.arrays()[0]);
    assertArrayEquals(handout.arrays()[1], got.arrays()[1]);
    assertEquals(1, rendezvous.handouts());
    // The stage still meets and hands back as before: the fetch took no rank's place.
    assertEquals(List.of(true, false), stage("run/epoch-2", 2, handout, false));
  }

  @Test
  void noStateIsHandedOutUnopenedForgottenTooLargeEncryptedOrToAStranger() {
    rendezvous.open("run/epoch-1", 1, PARAMS + STATE);
    TaskExchange.Protection plain = new TaskExchange.Protection(SECRET, false);
    long start = System.nanoTime();
    ExchangeException none = assertThrows(ExchangeException.class, () -> TaskExchange.fetchStart(
        rendezvous.address(), identity("run/epoch-1", 0, 1), plain, PARAMS + STATE, 30_000));
    assertTrue(none.getMessage().contains("could not fetch the stage's starting state"),
        none.getMessage());
    assertTrue(System.nanoTime() - start < 20_000_000_000L, "the task waited for its timeout");

    rendezvous.open("run/epoch-2", 1, PARAMS + STATE, handback(PARAMS, STATE));
    assertThrows(ExchangeException.class, () -> TaskExchange.fetchStart(rendezvous.address(),
        identity("run/epoch-2", 0, 1), plain, PARAMS + STATE - 1, 10_000));
    assertEquals(1, rendezvous.handouts(), "sent, and refused by the task before it was read");
    assertThrows(ExchangeException.class, () -> TaskExchange.fetchStart(rendezvous.address(),
        identity("run/epoch-2", 0, 1), new TaskExchange.Protection(SECRET, true), PARAMS + STATE,
        10_000));
    assertThrows(ExchangeException.class, () -> TaskExchange.fetchStart(rendezvous.address(),
        identity("run/epoch-2", 0, 1), new TaskExchange.Protection(Handshake.randomSecret(),
            false), PARAMS + STATE, 10_000));
    rendezvous.forget("run/epoch-2");
    assertThrows(ExchangeException.class, () -> TaskExchange.fetchStart(rendezvous.address(),
        identity("run/epoch-2", 0, 1), plain, PARAMS + STATE, 3_000));
    assertEquals(1, rendezvous.handouts(), "nothing more for the encrypting, the stranger or the "
        + "forgotten stage");
  }

  /**
   * Rank 0's progress goes over the same connection: every epoch's first and last round reach the
   * driver, in order, and the rounds between them no more often than the exchange's interval.
   */
  @Test
  void theDriverHearsEachEpochsEndsAndTheRoundsBetweenAtMostEveryInterval() throws Exception {
    List<int[]> heard = new CopyOnWriteArrayList<>();
    rendezvous.reportTo((round, rounds, examples, loss, seconds) ->
        heard.add(new int[] {round, rounds, (int) examples}));
    rendezvous.open("run/epochs", 1);
    long nanos;
    long secondNanos;
    try (TaskExchange exchange = TaskExchange.join(rendezvous.address(),
        identity("run/epochs", 0, 1), new TaskExchange.Protection(SECRET, false),
        TaskExchange.Sharing.RING, 30_000)) {
      long from = System.nanoTime();
      for (int round = 1; round <= PROGRESS_ROUNDS; round++) {
        exchange.report(round, PROGRESS_ROUNDS, 64L * round, 0.5);
      }
      nanos = System.nanoTime() - from;
      long secondFrom = System.nanoTime();
      for (int round = 1; round <= 3; round++) {
        exchange.report(round, 3, 64L * round, 0.25);
      }
      secondNanos = System.nanoTime() - secondFrom;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (heard.size() < 2 || heard.get(heard.size() - 1)[1] != 3
          || heard.get(heard.size() - 1)[0] != 3) {
        assertTrue(System.nanoTime() < deadline, "the second epoch's last round never arrived");
        Thread.sleep(10);
      }
      exchange.finished();
    }
    List<int[]> first = heard.stream().filter(r -> r[1] == PROGRESS_ROUNDS).toList();
    List<int[]> second = heard.stream().filter(r -> r[1] == 3).toList();
    assertEquals(1, first.get(0)[0], "an epoch's first round is heard");
    assertEquals(PROGRESS_ROUNDS, first.get(first.size() - 1)[0], "and its last");
    assertEquals(64 * PROGRESS_ROUNDS, first.get(first.size() - 1)[2]);
    for (int i = 1; i < first.size(); i++) {
      assertTrue(first.get(i)[0] > first.get(i - 1)[0], "rounds arrive in order");
    }
    long intervals = nanos / TaskExchange.REPORT_EVERY_NANOS;
    assertTrue(first.size() <= intervals + 2, first.size() + " messages for " + PROGRESS_ROUNDS
        + " rounds in " + nanos / 1_000_000 + " ms");
    List<Integer> secondRounds = second.stream().map(r -> r[0]).toList();
    if (secondNanos < TaskExchange.REPORT_EVERY_NANOS) {
      assertEquals(List.of(1, 3), secondRounds,
          "a new epoch's first round goes at once; its second waits, its last does not");
    } else {
      // A pause on a loaded machine let the second round's time come.
      assertEquals(List.of(1, 2, 3), secondRounds);
    }
  }

  private static TaskExchange.Identity identity(String stage, int rank, int workers) {
    return new TaskExchange.Identity(stage, 0, rank, workers, "executor-" + rank,
        Endpoint.anyPort("127.0.0.1"));
  }

  /** Each of {@code workers} tasks joins, averages nothing, and tries to hand back. */
  private List<Boolean> stage(String stage, int workers, Handback handback, boolean encrypt)
      throws Exception {
    List<Future<Boolean>> tasks = new ArrayList<>();
    for (int r = 0; r < workers; r++) {
      int rank = r;
      tasks.add(pool.submit(() -> {
        try (TaskExchange exchange = TaskExchange.join(rendezvous.address(),
            new TaskExchange.Identity(stage, 0, rank, workers, "executor-" + rank,
                Endpoint.anyPort("127.0.0.1")),
            new TaskExchange.Protection(SECRET, encrypt), TaskExchange.Sharing.RING, 30_000)) {
          boolean kept = exchange.handBack(handback, 10_000);
          exchange.finished();
          return kept;
        }
      }));
    }
    List<Boolean> kept = new ArrayList<>();
    for (Future<Boolean> task : tasks) {
      kept.add(task.get());
    }
    return kept;
  }

  private static Handback handback(int params, int state) {
    Random random = new Random(3);
    float[] p = new float[params];
    float[] s = new float[state];
    for (int i = 0; i < params; i++) {
      p[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < state; i++) {
      s[i] = random.nextFloat();
    }
    return new Handback(new long[] {31_995, 100, -1, 5_000}, new double[] {1234.5, Double.NaN, 0.5},
        new float[][] {p, s});
  }
}
