package io.sparktrain.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's rendezvous and the ring against strangers on loopback: wrong secrets, garbage, a
 * handshake recorded in an earlier epoch and replayed, and a flood of thousands of connections.
 * Each is refused or dropped, and the round the real tasks run meanwhile ends with exactly the
 * sums of an undisturbed round.
 */
class ExchangeStrangersTest {

  private static final int WORKERS = 3;
  private static final int LENGTH = 10_001;
  private static final int HANDSHAKE_MILLIS = 1_000;
  private static final byte[] SECRET = Handshake.randomSecret();

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private Rendezvous rendezvous;

  @BeforeEach
  void start() {
    rendezvous = Rendezvous.start(Endpoint.anyPort("127.0.0.1"), "127.0.0.1", SECRET,
        HANDSHAKE_MILLIS);
  }

  @AfterEach
  void stop() {
    rendezvous.close();
    pool.shutdownNow();
  }

  @Test
  void wrongSecretsGarbageAndAReplayedHandshakeAreDroppedAndTheRoundIsUnchanged()
      throws Exception {
    rendezvous.open("run/epoch-1", WORKERS);
    float[][] undisturbed = round("run/epoch-1", false);
    byte[] recorded = recordHandshake("run/epoch-1#0");
    rendezvous.forget("run/epoch-1");
    rendezvous.open("run/epoch-2", WORKERS);

    Future<float[][]> disturbed = pool.submit(() -> round("run/epoch-2", false));
    byte[] wrongKey = Handshake.derive(Handshake.randomSecret(), "run/epoch-2#0");
    try (Socket stranger = connect()) {
      ExchangeException failure = assertThrows(ExchangeException.class, () -> Handshake.asClient(
          new DataInputStream(stranger.getInputStream()),
          new DataOutputStream(stranger.getOutputStream()), wrongKey, "run/epoch-2#0", "it"));
      assertTrue(failure.getMessage().contains("disagree on the secret"), failure.getMessage());
    }
    byte[] garbage = new byte[10_000];
    new Random(5).nextBytes(garbage);
    assertHungUpOn(garbage);
    assertHungUpOn(recorded);
    // The earlier epoch's handshake under this epoch's name: its proof is for another challenge.
    assertHungUpOn(new String(recorded, "ISO-8859-1").replace("epoch-1", "epoch-2")
        .getBytes("ISO-8859-1"));
    assertHungUpOn(new byte[0]);

    float[][] result = disturbed.get();
    for (int rank = 0; rank < WORKERS; rank++) {
      assertArrayEquals(undisturbed[rank], result[rank], "rank " + rank);
    }
    // The server counts a refusal after it hangs up, so the last one may land a moment later.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (rendezvous.refusedConnections() < 5 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(rendezvous.refusedConnections() >= 5, "refused: "
        + rendezvous.refusedConnections());
  }

  @Test
  void aFloodOfThousandsOfConnectionsCostsBoundedThreadsAndEveryDescriptorComesBack()
      throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux's /proc to count fds");
    rendezvous.open("run/epoch-1", WORKERS);
    float[][] undisturbed = round("run/epoch-1", false);
    long baseline = openDescriptors();
    rendezvous.open("run/epoch-2", WORKERS);

    // This JVM holds both ends of every connection: leave it descriptors for the real round.
    int floodSize = (int) Math.min(3_000, descriptorLimit() / 2 - 200);
    assumeTrue(floodSize >= 2_000, "needs a descriptor limit of about 4,500 (ulimit -n)");
    List<Socket> flood = new ArrayList<>();
    Future<float[][]> disturbed = null;
    int mostHandlers = 0;
    try {
      for (int i = 0; i < floodSize; i++) {
        Socket s = new Socket();
        flood.add(s);
        try {
          s.connect(new InetSocketAddress("127.0.0.1", port()), 2_000);
        } catch (IOException e) {
          // A full accept backlog refuses some: that is the point of a flood.
        }
        if (i == floodSize / 3) {
          disturbed = pool.submit(() -> round("run/epoch-2", false));
        }
        mostHandlers = Math.max(mostHandlers, handlerThreads());
      }
      float[][] result = disturbed.get();
      for (int rank = 0; rank < WORKERS; rank++) {
        assertArrayEquals(undisturbed[rank], result[rank], "rank " + rank);
      }
    } finally {
      flood.forEach(RingAllReduce::closeQuietly);
    }
    // Unbounded, this is in the thousands; handlers that have just refused a stranger may still
    // be on their way out, hence the margin over the cap.
    assertTrue(mostHandlers <= 2 * Rendezvous.MAX_PENDING + WORKERS,
        "connection handlers at once: " + mostHandlers);
    rendezvous.forget("run/epoch-2");
    long deadline = System.nanoTime() + 30_000_000_000L;
    long open = openDescriptors();
    while (open > baseline + 2 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      open = openDescriptors();
    }
    assertTrue(open <= baseline + 2, "descriptors: " + baseline + " before, " + open + " after");
  }

  @Test
  void aTaskWithAnotherSecretFailsSayingTheSecretsDiffer() {
    rendezvous.open("run/epoch-1", 1);
    TaskExchange.Identity me = identity("run/epoch-1", 0, 1);
    ExchangeException failure = assertThrows(ExchangeException.class, () -> TaskExchange.join(
        rendezvous.address(), me,
        new TaskExchange.Protection(Handshake.randomSecret(), false), TaskExchange.Sharing.RING,
        5_000));
    assertTrue(failure.getMessage().contains("disagree on the secret"), failure.getMessage());
  }

  @Test
  void aForgottenStageAdmitsNobodyEvenWithTheRightSecret() {
    rendezvous.open("run/epoch-1", 1);
    rendezvous.forget("run/epoch-1");
    ExchangeException failure = assertThrows(ExchangeException.class, () -> TaskExchange.join(
        rendezvous.address(), identity("run/epoch-1", 0, 1),
        new TaskExchange.Protection(SECRET, false), TaskExchange.Sharing.RING, 1_500));
    assertTrue(failure.getMessage().contains("could not meet"), failure.getMessage());
  }

  @Test
  void aStageHoldsOneWaitingRegistrationPerRankAndRefusesAWrongSize() throws Exception {
    rendezvous.open("run/epoch-1", 2);
    Socket first = register("run/epoch-1#0", 0, 2);
    Socket again = register("run/epoch-1#0", 0, 2);
    Socket wrongSize = register("run/epoch-1#0", 1, 200);
    assertEquals(-1, readWithin(wrongSize));
    // The two handlers race, so either may be the one replaced; one must be.
    assertTrue(hungUpWithin(first, 3_000) || hungUpWithin(again, 3_000),
        "two waiting registrations for one rank");
    Socket newerAttempt = register("run/epoch-1#1", 1, 2);
    assertEquals(-1, readWithin(first), "a newer attempt drops the older one's waiters");
    assertEquals(-1, readWithin(again), "a newer attempt drops the older one's waiters");
    RingAllReduce.closeQuietly(newerAttempt);
  }

  /** One averaging round of WORKERS tasks, each in its own "executor", so over the TCP ring. */
  private float[][] round(String stage, boolean encrypt) throws Exception {
    float[][] vectors = new float[WORKERS][LENGTH];
    Random random = new Random(17);
    for (float[] v : vectors) {
      for (int i = 0; i < LENGTH; i++) {
        v[i] = (float) random.nextGaussian();
      }
    }
    List<Future<?>> tasks = new ArrayList<>();
    for (int r = 0; r < WORKERS; r++) {
      int rank = r;
      tasks.add(pool.submit(() -> {
        try (TaskExchange exchange = TaskExchange.join(rendezvous.address(),
            identity(stage, rank, WORKERS), new TaskExchange.Protection(SECRET, encrypt),
            TaskExchange.Sharing.RING, 60_000)) {
          exchange.sumInPlace(vectors[rank]);
          exchange.finished();
        }
        return null;
      }));
    }
    for (Future<?> task : tasks) {
      task.get();
    }
    return vectors;
  }

  private static TaskExchange.Identity identity(String stage, int rank, int size) {
    return new TaskExchange.Identity(stage, 0, rank, size, "executor-" + rank,
        Endpoint.anyPort("127.0.0.1"));
  }

  /** What a real task sends to authenticate, as someone on the path would have recorded it. */
  private byte[] recordHandshake(String label) throws IOException {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      OutputStream recording = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          sent.write(b);
          out.write(b);
        }
      };
      Handshake.asClient(new DataInputStream(new BufferedInputStream(socket.getInputStream())),
          new DataOutputStream(recording), Handshake.derive(SECRET, label), label, "it");
    }
    return sent.toByteArray();
  }

  /** An authenticated registration, left waiting for the others. */
  private Socket register(String label, int rank, int size) throws IOException {
    Socket socket = connect();
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    Handshake.asClient(new DataInputStream(socket.getInputStream()), out,
        Handshake.derive(SECRET, label), label, "it");
    out.writeInt(rank);
    out.writeInt(size);
    out.writeUTF("executor-" + rank);
    out.writeUTF("127.0.0.1:1");
    out.flush();
    return socket;
  }

  private void assertHungUpOn(byte[] bytes) throws IOException {
    try (Socket stranger = connect()) {
      try {
        stranger.getOutputStream().write(bytes);
      } catch (IOException e) {
        // Already closed by the rendezvous: as good as a hang-up.
        return;
      }
      assertEquals(-1, readWithin(stranger), "the rendezvous answered a stranger");
    }
  }

  /** The next byte, -1 at a hang-up; a reset counts as a hang-up too. */
  private static int readWithin(Socket socket) throws IOException {
    socket.setSoTimeout(10 * HANDSHAKE_MILLIS);
    InputStream in = socket.getInputStream();
    try {
      int b;
      do {
        b = in.read();
      } while (b >= 0);
      return b;
    } catch (java.net.SocketException e) {
      return -1;
    }
  }

  private static boolean hungUpWithin(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return socket.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
    return socket;
  }

  private int port() {
    String address = rendezvous.address();
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** The soft limit on open files, from /proc/self/limits. */
  private static long descriptorLimit() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
        return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
      }
    }
    return 0;
  }

  private static int handlerThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("sparktrain-rendezvous-task")).count();
  }
}
