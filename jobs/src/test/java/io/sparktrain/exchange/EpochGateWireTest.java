package io.sparktrain.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A several-epoch stage's traffic between epochs over the wire, as on a cluster: rank 0's
 * handback goes to the stage's gate, every task's report reaches it byte for byte with its rank
 * and attempt, and the orders the gate gives once the driver decides reach each task as given;
 * a stage without a gate answers no question.
 */
class EpochGateWireTest {

  private static final byte[] SECRET = Handshake.randomSecret();
  private static final int STATE = 50_001;

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

  /** Answers nobody until {@link #decide} (the driver evaluating, say), then everybody alike. */
  private static final class RecordingGate implements EpochGate {
    final List<Handback> handbacks = new ArrayList<>();
    final Map<Integer, EpochReport> reports = new ConcurrentHashMap<>();
    final Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
    final CountDownLatch decided = new CountDownLatch(1);
    volatile Handback orders;

    void decide(Handback given) {
      orders = given;
      decided.countDown();
    }

    @Override
    public synchronized void handBack(int attempt, Handback outcome) {
      handbacks.add(outcome);
    }

    @Override
    public Handback next(int attempt, int rank, EpochReport report, long waitMillis)
        throws InterruptedException {
      if (!report.repeated()) {
        reports.put(rank, report);
        attempts.put(rank, attempt);
      }
      return decided.await(waitMillis, TimeUnit.MILLISECONDS) ? orders : null;
    }
  }

  @Test
  void reportsReachTheGateAndItsOrdersReachEveryTask() throws Exception {
    RecordingGate gate = new RecordingGate();
    rendezvous.open("run/epochs-from-1", 2, STATE, null, gate);
    Handback outcome = state(new long[] {7, 3, -1, 40}, 1);
    Handback orders = state(new long[] {1, 5, 9}, 2);
    List<Future<Handback>> tasks = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int rank = r;
      tasks.add(pool.submit(() -> {
        try (TaskExchange exchange = TaskExchange.join(rendezvous.address(), identity(rank, 2),
            new TaskExchange.Protection(SECRET, false), TaskExchange.Sharing.RING, 30_000)) {
          if (rank == 0) {
            assertTrue(exchange.handBack(outcome, 10_000), "kept by the gate");
          }
          Handback got = exchange.next(
              new EpochReport(0, 100 + rank, new byte[] {(byte) rank, 42, -1}), STATE, 30_000);
          exchange.finished();
          return got;
        }
      }));
    }
    // Both ask before the driver decides; the answer comes after more than one wait slice.
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (gate.reports.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(2 * TaskKills.SLICE_MILLIS);
    gate.decide(orders);
    for (Future<Handback> task : tasks) {
      Handback got = task.get(30, TimeUnit.SECONDS);
      assertArrayEquals(orders.longs(), got.longs());
      assertArrayEquals(orders.doubles(), got.doubles());
      assertArrayEquals(orders.arrays()[0], got.arrays()[0]);
    }
    assertEquals(1, gate.handbacks.size());
    assertArrayEquals(outcome.longs(), gate.handbacks.get(0).longs());
    assertArrayEquals(outcome.arrays()[0], gate.handbacks.get(0).arrays()[0]);
    assertNull(rendezvous.takeHandback("run/epochs-from-1"), "the gate's, not the stage's");
    for (int rank = 0; rank < 2; rank++) {
      EpochReport report = gate.reports.get(rank);
      assertEquals(0, report.finished());
      assertEquals(100 + rank, report.held());
      assertArrayEquals(new byte[] {(byte) rank, 42, -1}, report.scores());
      assertEquals(0, gate.attempts.get(rank));
    }
  }

  @Test
  void aStageWithoutAGateAnswersNoQuestion() throws Exception {
    rendezvous.open("run/epoch-1", 1, STATE);
    Future<Object> task = pool.submit(() -> {
      try (TaskExchange exchange = TaskExchange.join(rendezvous.address(), identity(0, 1),
          new TaskExchange.Protection(SECRET, false), TaskExchange.Sharing.RING, 30_000)) {
        return assertThrows(ExchangeException.class,
            () -> exchange.next(new EpochReport(-1, 0, new byte[0]), STATE, 30_000));
      }
    });
    long start = System.nanoTime();
    assertTrue(task.get(30, TimeUnit.SECONDS) instanceof ExchangeException);
    assertTrue(System.nanoTime() - start < 20_000_000_000L, "the task waited for its timeout");
  }

  private static TaskExchange.Identity identity(int rank, int workers) {
    return new TaskExchange.Identity(rank < 0 ? "" : workers == 2 ? "run/epochs-from-1"
        : "run/epoch-1", 0, rank, workers, "executor-" + rank, Endpoint.anyPort("127.0.0.1"));
  }

  private static Handback state(long[] counts, int seed) {
    float[] values = new float[STATE];
    for (int i = 0; i < values.length; i++) {
      values[i] = seed * 0.5f + i;
    }
    return new Handback(counts, new double[] {0.25 * seed}, new float[][] {values});
  }
}
