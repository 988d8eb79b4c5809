package io.sparktrain.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors on one host summing through a shared file: the same bits on every peer, round after
 * round; the agreement that keeps the ring when any peer cannot see the file; nothing left in the
 * directory; and failures as bounded as the ring's.
 */
class SharedFileSumTest {

  private static final byte[] KEY = Handshake.derive(Handshake.randomSecret(), "test#0");
  private static final RingAllReduce.Credentials CREDENTIALS =
      new RingAllReduce.Credentials(KEY, "test#0", false);

  private final ExecutorService pool = Executors.newCachedThreadPool();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void everyPeerEndsWithTheSumInRankOrderRoundAfterRoundAndTheFileIsGoneAtOnce()
      throws Exception {
    int peers = 3;
    int length = 20_003;
    List<SharedFileSum> files = join(peers, length, r -> dir, 10_000);
    for (SharedFileSum file : files) {
      assertNotNull(file, "every peer sees the same directory: the file replaces the ring");
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "the file is unlinked once every peer has it open");
    }
    for (int round = 0; round < 3; round++) {
      assertSums(files, length, 3 + round);
    }
    files.forEach(SharedFileSum::close);
  }

  @Test
  void theNextEpochTakesUpTheFileEveryPeerParkedAndSumsAsBefore() throws Exception {
    int peers = 3;
    int length = 5_001;
    List<SharedFileSum> first = joinedAndParked(peers, length);
    List<SharedFileSum> second = join(peers, length, r -> dir, 10_000);
    for (int r = 0; r < peers; r++) {
      assertSame(first.get(r), second.get(r), "peer " + r + " takes up the file it parked");
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "no new file was made");
    }
    assertSums(second, length, 12);
    second.forEach(SharedFileSum::close);
  }

  /**
   * Another training of the same shape does not take up a parked file, whose slots may hold the
   * first training's replicas: it makes its own, and the parked file is left alone.
   */
  @Test
  void anotherTrainingOfTheSameShapeMakesItsOwnFile() throws Exception {
    int peers = 2;
    int length = 5_007;
    List<SharedFileSum> first = joinedAndParked(peers, length);
    List<SharedFileSum> other = join(peers, length, r -> dir, 10_000, "another run");
    for (int r = 0; r < peers; r++) {
      assertNotNull(other.get(r));
      assertNotSame(first.get(r), other.get(r), "peer " + r + " of the other training");
      assertTrue(first.get(r).isOpen(), "the parked file is not the other training's to close");
    }
    assertSums(other, length, 21);
    other.forEach(SharedFileSum::close);
    first.forEach(SharedFileSum::close);
  }

  @Test
  void aFileNotEveryPeerParkedIsClosedAndANewOneMade() throws Exception {
    int peers = 2;
    int length = 5_003;
    List<SharedFileSum> first = join(peers, length, r -> dir, 10_000);
    assertSums(first, length, 13);
    // Peer 1's task failed: it closes its file, which a waiting peer would see at once.
    first.get(0).park();
    first.get(1).close();
    assertTheNextEpochMakesANewFile(first, length);
  }

  @Test
  void filesParkedWhenTheRunEndsAreClosedAndTheNextRunMakesItsOwn() throws Exception {
    int length = 5_005;
    List<SharedFileSum> first = joinedAndParked(2, length);
    SharedFileSum.closeParked();
    assertTheNextEpochMakesANewFile(first, length);
  }

  @Test
  void aParkedFileIsClosedWhenThePeersFailWhileOfferingIt() throws Exception {
    int peers = 2;
    int length = 5_007;
    List<SharedFileSum> first = joinedAndParked(peers, length);
    List<RingAllReduce> rings = TestRings.form(pool, peers, CREDENTIALS, 2_000);
    // Peer 1's next task dies before it offers anything: peer 0's offer fails with the ring.
    rings.get(1).close();
    assertThrows(ExchangeException.class,
        () -> SharedFileSum.tryJoin(rings.get(0), 0, peers, dir, KEY, length, "run", 2_000));
    rings.get(0).close();
    assertThrows(IllegalStateException.class, () -> first.get(0).sumInPlace(new float[length]),
        "the file peer 0 parked is closed, not left mapped");
    first.get(1).close();
  }

  /** Peers that shared a file, summed once on it and parked it, as an epoch that ended well. */
  private List<SharedFileSum> joinedAndParked(int peers, int length) throws Exception {
    List<SharedFileSum> files = join(peers, length, r -> dir, 10_000);
    assertSums(files, length, length);
    files.forEach(SharedFileSum::park);
    return files;
  }

  /**
   * The next epoch's peers share a new file, sum on it, and none of {@code first} sums any more:
   * what nobody took up was closed.
   */
  private void assertTheNextEpochMakesANewFile(List<SharedFileSum> first, int length)
      throws Exception {
    List<SharedFileSum> second = join(first.size(), length, r -> dir, 10_000);
    for (int r = 0; r < first.size(); r++) {
      assertNotNull(second.get(r), "peer " + r + " still shares a file");
      assertNotSame(first.get(r), second.get(r), "peer " + r + " made a new file");
      SharedFileSum old = first.get(r);
      assertThrows(IllegalStateException.class, () -> old.sumInPlace(new float[length]),
          "peer " + r + "'s old file is closed");
    }
    assertSums(second, length, length);
    second.forEach(SharedFileSum::close);
  }

  /** One round of sums of seeded vectors, which every peer must end with, in rank order. */
  private void assertSums(List<SharedFileSum> files, int length, long seed) throws Exception {
    int peers = files.size();
    Random random = new Random(seed);
    float[][] vectors = new float[peers][length];
    float[] expected = new float[length];
    for (int r = 0; r < peers; r++) {
      for (int i = 0; i < length; i++) {
        vectors[r][i] = (float) random.nextGaussian();
        expected[i] += vectors[r][i];
      }
    }
    runAll(peers, r -> files.get(r).sumInPlace(vectors[r]));
    for (int r = 0; r < peers; r++) {
      assertArrayEquals(expected, vectors[r], "peer " + r);
    }
  }

  @Test
  void theAverageInPlaceHasTheBitsOfTheSharedMemoryAverageInOneJvm() throws Exception {
    int peers = 3;
    int[] parts = {7_001, 12_345};
    double[] weights = {64, 128, 37};
    double[] losses = {10.5, 3.25, 7};
    Random random = new Random(9);
    float[][][] values = new float[peers][parts.length][];
    for (int r = 0; r < peers; r++) {
      for (int p = 0; p < parts.length; p++) {
        values[r][p] = new float[parts[p]];
        for (int i = 0; i < parts[p]; i++) {
          values[r][p][i] = (float) random.nextGaussian();
        }
      }
    }
    FloatBuffer[][] inGroup = views(values);
    FloatBuffer[][] inFile = views(values);
    LocalGroup group = LocalGroup.join("average-in-place", peers, 10_000);
    RoundTotals[] groupTotals = new RoundTotals[peers];
    runAll(peers, r -> groupTotals[r] = group.averageInPlace(r, inGroup[r], weights[r],
        losses[r]));
    // The file may be made for a longer vector (the state and two tallies): the state fits.
    List<SharedFileSum> files = join(peers, parts[0] + parts[1] + 2, r -> dir, 10_000);
    RoundTotals[] fileTotals = new RoundTotals[peers];
    runAll(peers, r -> fileTotals[r] = files.get(r).averageInPlace(inFile[r], weights[r],
        losses[r]));
    for (int r = 0; r < peers; r++) {
      assertEquals(groupTotals[0], fileTotals[r]);
      assertEquals(weights[0] + weights[1] + weights[2], fileTotals[r].examples());
      for (int p = 0; p < parts.length; p++) {
        assertEquals(inGroup[0][p], inFile[r][p], "peer " + r + ", part " + p);
      }
    }
    files.forEach(SharedFileSum::close);
    for (int r = 0; r < peers; r++) {
      group.leave(false);
    }
  }

  /**
   * Replicas that keep their states in their slots average them where they lie with the bits of
   * the average that copies them through the file, leave what lies between the parts (frozen
   * parameters) alone, and keep their slots readable and writable after the file is closed.
   */
  @Test
  void statesLodgedInTheSlotsAverageWithTheBitsOfTheCopyingAverage() throws Exception {
    int peers = 3;
    int[] parts = {0, 7_001, 9_000, 12_345};
    int slot = 9_000 + 12_345 + 10;
    double[] weights = {64, 128, 37};
    double[] losses = {10.5, 3.25, 7};
    Random random = new Random(13);
    float[][][] values = new float[peers][2][];
    for (int r = 0; r < peers; r++) {
      for (int p = 0; p < 2; p++) {
        values[r][p] = new float[parts[2 * p + 1]];
        for (int i = 0; i < values[r][p].length; i++) {
          values[r][p][i] = (float) random.nextGaussian();
        }
      }
    }
    FloatBuffer[][] copied = views(values);
    List<SharedFileSum> copying = join(peers, slot, r -> dir, 10_000);
    runAll(peers, r -> copying.get(r).averageInPlace(copied[r], weights[r], losses[r]));
    copying.forEach(SharedFileSum::close);

    List<SharedFileSum> files = join(peers, slot, r -> dir, 10_000);
    FloatBuffer[] homes = new FloatBuffer[peers];
    for (int r = 0; r < peers; r++) {
      homes[r] = files.get(r).lodge();
      assertSame(homes[r], files.get(r).lodge());
      for (int i = 0; i < slot; i++) {
        homes[r].put(i, 42f + r);
      }
      homes[r].put(parts[0], values[r][0]).put(parts[2], values[r][1]);
    }
    RoundTotals[] totals = new RoundTotals[peers];
    runAll(peers, r -> totals[r] = files.get(r).averageLodged(parts, weights[r], losses[r]));
    for (int r = 0; r < peers; r++) {
      assertEquals(weights[0] + weights[1] + weights[2], totals[r].examples());
      assertEquals(losses[0] + losses[1] + losses[2], totals[r].lossSum(), 1e-12);
      for (int p = 0; p < 2; p++) {
        assertEquals(copied[0][p], homes[r].slice(parts[2 * p], parts[2 * p + 1]),
            "peer " + r + ", part " + p);
      }
      assertEquals(42f + r, homes[r].get(7_001), "between the parts");
      assertEquals(42f + r, homes[r].get(slot - 1), "after the parts");
    }
    files.forEach(SharedFileSum::close);
    for (int r = 0; r < peers; r++) {
      assertFalse(files.get(r).isOpen());
      homes[r].put(5, -1f);
      assertEquals(-1f, homes[r].get(5), "a lodged slot outlives its file");
      assertEquals(copied[0][1].get(0), homes[r].get(parts[2]));
    }
  }

  /** A peer whose state lies in its slot and one that copies fail together, not silently. */
  @Test
  void peersThatAverageDifferentWaysFailTheRound() throws Exception {
    List<SharedFileSum> files = join(2, 1_000, r -> dir, 10_000);
    int[] parts = {0, 900};
    FloatBuffer[] copying = {ByteBuffer.allocateDirect(900 * Float.BYTES)
        .order(ByteOrder.nativeOrder()).asFloatBuffer()};
    files.get(0).lodge();
    List<Future<RoundTotals>> rounds = List.of(
        pool.submit(() -> files.get(0).averageLodged(parts, 1, 0)),
        pool.submit(() -> files.get(1).averageInPlace(copying, 1, 0)));
    for (Future<RoundTotals> round : rounds) {
      ExecutionException failure = assertThrows(ExecutionException.class,
          () -> round.get(30, TimeUnit.SECONDS));
      assertTrue(failure.getCause() instanceof ExchangeException, failure.toString());
      String message = failure.getCause().getMessage();
      assertTrue(message.contains("averages in its slot 900 floats")
          || message.contains("averages through the file 900 floats"), message);
      assertTrue(message.contains("settings differ"), message);
    }
    files.forEach(SharedFileSum::close);
  }

  /** Each peer's parts copied into direct buffers, as a replica's native state is. */
  private static FloatBuffer[][] views(float[][][] values) {
    FloatBuffer[][] views = new FloatBuffer[values.length][];
    for (int r = 0; r < values.length; r++) {
      views[r] = new FloatBuffer[values[r].length];
      for (int p = 0; p < values[r].length; p++) {
        views[r][p] = ByteBuffer.allocateDirect(values[r][p].length * Float.BYTES)
            .order(ByteOrder.nativeOrder()).asFloatBuffer().put(values[r][p]).flip();
      }
    }
    return views;
  }

  @Test
  void aPeerThatSeesAnotherDirectoryKeepsEveryPeerOnTheRing(@TempDir Path other)
      throws Exception {
    // Peer 2 stands for an executor in another mount namespace: same name, another file.
    List<SharedFileSum> files = join(3, 1000, r -> r == 2 ? other : dir, 10_000);
    for (SharedFileSum file : files) {
      assertNull(file);
    }
    List<SharedFileSum> none = join(2, 1000, r -> dir.resolve("missing"), 10_000);
    assertNull(none.get(0));
    assertNull(none.get(1));
    try (Stream<Path> left = Stream.concat(Files.list(dir), Files.list(other))) {
      assertEquals(0, left.count(), "a file nobody uses is unlinked too");
    }
  }

  @Test
  void aPeerThatLeavesFailsTheOthersAtOnce() throws Exception {
    List<SharedFileSum> files = join(3, 300_000, r -> dir, 60_000);
    files.get(2).close();
    long start = System.nanoTime();
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> runAll(2, r -> files.get(r).sumInPlace(new float[300_000])));
    assertTrue(failure.getCause() instanceof ExchangeException, failure.toString());
    assertTrue(failure.getCause().getMessage().contains("peer 2 left"),
        failure.getCause().getMessage());
    assertTrue((System.nanoTime() - start) / 1e9 < 30, "leaving must be noticed long before the "
        + "60 s timeout");
    files.forEach(SharedFileSum::close);
  }

  @Test
  void closingFromAnotherThreadWhileAPeerWaitsFailsItsSumAndItsPeersInsteadOfUnmappingUnderIt()
      throws Exception {
    List<SharedFileSum> files = join(2, 300_000, r -> dir, 60_000);
    Future<?> waiting = pool.submit(() -> {
      files.get(0).sumInPlace(new float[300_000]);
      return null;
    });
    // Peer 1 never arrives: peer 0 parks in the file's barrier, where closing used to crash.
    long deadline = System.nanoTime() + 10_000_000_000L;
    boolean parked = false;
    while (!parked && System.nanoTime() < deadline) {
      Thread.sleep(1);
      parked = parkedInTheFile();
    }
    assertTrue(parked, "peer 0 should be waiting for peer 1 in the file");
    files.get(0).close();
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> waiting.get(30, TimeUnit.SECONDS));
    assertTrue(failure.getCause() instanceof ExchangeException, failure.toString());
    assertTrue(failure.getCause().getMessage().contains("closed while it waited for peer 1"),
        failure.getCause().getMessage());
    assertFalse(files.get(0).isOpen(), "the sum that left the closed file unmapped it");
    assertThrows(IllegalStateException.class, () -> files.get(0).sumInPlace(new float[300_000]));
    ExchangeException left = assertThrows(ExchangeException.class,
        () -> files.get(1).sumInPlace(new float[300_000]));
    assertTrue(left.getMessage().contains("peer 0 left"), left.getMessage());
    files.forEach(SharedFileSum::close);
  }

  private static boolean parkedInTheFile() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getState() == Thread.State.TIMED_WAITING)
        .anyMatch(e -> Stream.of(e.getValue()).anyMatch(frame ->
            frame.getClassName().equals(SharedFileSum.class.getName())
                && frame.getMethodName().equals("await")));
  }

  @Test
  void aPeerThatNeverArrivesIsTimedOutAndALongerVectorIsRefused() throws Exception {
    List<SharedFileSum> files = join(2, 1000, r -> dir, 1_000);
    assertThrows(IllegalArgumentException.class, () -> files.get(0).sumInPlace(new float[1001]));
    ExchangeException failure = assertThrows(ExchangeException.class,
        () -> files.get(0).sumInPlace(new float[1000]));
    assertTrue(failure.getMessage().contains("within 1000 ms"), failure.getMessage());
    files.forEach(SharedFileSum::close);
  }

  @Test
  void tasksInTwoExecutorsOnOneHostSumThroughTheFileUnlessTheExchangeEncrypts()
      throws Exception {
    byte[] secret = Handshake.randomSecret();
    int length = 5_001;
    try (Rendezvous rendezvous = Rendezvous.start(Endpoint.anyPort("127.0.0.1"), "127.0.0.1",
        secret, 1_000)) {
      for (boolean encrypt : new boolean[] {false, true}) {
        String stage = "run/epoch-" + (encrypt ? 2 : 1);
        rendezvous.open(stage, 2);
        float[][] vectors = {new float[length], new float[length]};
        for (int i = 0; i < length; i++) {
          vectors[0][i] = i;
          vectors[1][i] = -0.5f * i;
        }
        List<Future<String>> tasks = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
          int rank = r;
          tasks.add(pool.submit(() -> {
            try (TaskExchange exchange = TaskExchange.join(rendezvous.address(),
                new TaskExchange.Identity(stage, 0, rank, 2, "executor-" + rank,
                    Endpoint.anyPort("127.0.0.1")),
                new TaskExchange.Protection(secret, encrypt),
                new TaskExchange.Sharing(dir, length, "run"), 30_000)) {
              exchange.sumInPlace(vectors[rank]);
              exchange.finished();
              return exchange.transport();
            }
          }));
        }
        for (Future<String> task : tasks) {
          assertEquals(encrypt ? "TCP ring" : "shared memory, a file between JVMs", task.get());
        }
        for (int i = 0; i < length; i++) {
          assertEquals(0.5f * i, vectors[0][i]);
          assertEquals(0.5f * i, vectors[1][i]);
        }
        rendezvous.forget(stage);
      }
    }
  }

  /**
   * An executor that holds two tasks sums through the file for both: then the executor that
   * holds one must sum too, neither averaging in place nor lodging, or the file's two ways would
   * mix; with one task each, every task averages in place.
   */
  @Test
  void executorsHoldingDifferentNumbersOfTasksAllSumThroughTheFile() throws Exception {
    byte[] secret = Handshake.randomSecret();
    int length = 3_001;
    try (Rendezvous rendezvous = Rendezvous.start(Endpoint.anyPort("127.0.0.1"), "127.0.0.1",
        secret, 1_000)) {
      for (String[] executors : new String[][] {{"e1", "e1", "e2"}, {"e1", "e2", "e3"}}) {
        boolean oneEach = executors[0] != executors[1];
        String stage = "run/epoch-" + (oneEach ? 2 : 1);
        rendezvous.open(stage, 3);
        float[][] vectors = new float[3][length];
        for (int r = 0; r < 3; r++) {
          for (int i = 0; i < length; i++) {
            vectors[r][i] = (r + 1) * i;
          }
        }
        List<Future<Boolean>> tasks = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
          int rank = r;
          tasks.add(pool.submit(() -> {
            try (TaskExchange exchange = TaskExchange.join(rendezvous.address(),
                new TaskExchange.Identity(stage, 0, rank, 3, executors[rank],
                    Endpoint.anyPort("127.0.0.1")),
                new TaskExchange.Protection(secret, false),
                new TaskExchange.Sharing(dir, length, "run"), 30_000)) {
              boolean inPlace = exchange.averagesInPlace();
              assertEquals(inPlace, exchange.lodging(length) != null, "lodging goes with it");
              exchange.sumInPlace(vectors[rank]);
              exchange.finished();
              return inPlace;
            }
          }));
        }
        for (Future<Boolean> task : tasks) {
          assertEquals(oneEach, task.get(), String.join(",", executors));
        }
        for (int r = 0; r < 3; r++) {
          for (int i = 0; i < length; i += 97) {
            assertEquals(6f * i, vectors[r][i], "task " + r + ", float " + i);
          }
        }
        rendezvous.forget(stage);
      }
    }
  }

  /** Forms a ring of {@code peers} and has each try the shared file in its directory. */
  private List<SharedFileSum> join(int peers, int length, IntFunction<Path> dirs,
      int timeoutMillis) throws Exception {
    return join(peers, length, dirs, timeoutMillis, "run");
  }

  /** As above, for the training {@code owner}. */
  private List<SharedFileSum> join(int peers, int length, IntFunction<Path> dirs,
      int timeoutMillis, String owner) throws Exception {
    List<RingAllReduce> rings = TestRings.form(pool, peers, CREDENTIALS, timeoutMillis);
    List<Future<SharedFileSum>> joining = new ArrayList<>();
    for (int r = 0; r < peers; r++) {
      int rank = r;
      joining.add(pool.submit(() -> SharedFileSum.tryJoin(rings.get(rank), rank, peers,
          dirs.apply(rank), KEY, length, owner, timeoutMillis)));
    }
    List<SharedFileSum> files = new ArrayList<>();
    for (Future<SharedFileSum> f : joining) {
      files.add(f.get());
    }
    // A peer that joined no longer needs the ring; one that did not still has it, like the rest.
    float[] stillThere = {1};
    if (files.get(0) == null) {
      runAll(peers, r -> rings.get(r).sumInPlace(r == 0 ? stillThere : new float[] {1}));
      assertEquals(peers, stillThere[0]);
    }
    rings.forEach(RingAllReduce::close);
    return files;
  }

  private void runAll(int peers, TestRings.PeerWork work) throws Exception {
    TestRings.runAll(pool, peers, work);
  }
}
