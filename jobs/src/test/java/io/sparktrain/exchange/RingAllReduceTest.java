package io.sparktrain.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TCP ring over loopback: exact sums for any peer count and length, and bounded failures. */
class RingAllReduceTest {

  static final RingAllReduce.Credentials CREDENTIALS = new RingAllReduce.Credentials(
      Handshake.derive(Handshake.randomSecret(), "test#0"), "test#0", false);

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void everyPeerEndsWithTheSumInTheSameOrderWhateverThePeerCount() throws Exception {
    for (int peers : new int[] {2, 3, 5}) {
      for (int length : new int[] {1, 4, 1001}) {
        float[][] vectors = randomVectors(peers, length, peers * 31L + length);
        float[] expected = ringOrderSum(vectors);
        List<RingAllReduce> rings = ring(peers, 5_000);
        runAll(peers, r -> rings.get(r).sumInPlace(vectors[r]));
        for (int r = 0; r < peers; r++) {
          assertArrayEquals(vectors[0], vectors[r], "peer " + r + " of " + peers);
        }
        assertClose(expected, vectors[0]);
        rings.forEach(RingAllReduce::close);
      }
    }
  }

  @Test
  void aPeerThatClosesFailsItsNeighboursAtOnce() throws Exception {
    List<RingAllReduce> rings = ring(3, 60_000);
    rings.get(2).close();
    long start = System.nanoTime();
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> runAll(2, r -> rings.get(r).sumInPlace(new float[300_000])));
    assertTrue(failure.getCause() instanceof ExchangeException, failure.toString());
    assertTrue((System.nanoTime() - start) / 1e9 < 30, "closing must be noticed long before the "
        + "60 s timeout");
    rings.forEach(RingAllReduce::close);
  }

  @Test
  void aPeerThatStopsAnsweringIsTimedOut() throws Exception {
    List<RingAllReduce> rings = ring(2, 1_000);
    // Peer 1 never takes part: peer 0 must give up after the timeout, not wait for ever.
    ExchangeException failure = assertThrows(ExchangeException.class,
        () -> rings.get(0).sumInPlace(new float[1000]));
    assertTrue(failure.getMessage().contains("1000 ms"), failure.getMessage());
    rings.forEach(RingAllReduce::close);
  }

  @Test
  void anEncryptedRingSumsTheSameBitsAndNoStateIsReadableOnTheWire() throws Exception {
    float[][] plain = randomVectors(2, 40_001, 8);
    float[][] sealed = {plain[0].clone(), plain[1].clone()};
    byte[] secretPart = littleEndian(Arrays.copyOfRange(plain[0], 0, 64));
    for (boolean encrypt : new boolean[] {false, true}) {
      float[][] vectors = encrypt ? sealed : plain;
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      List<RingAllReduce> rings = ringThroughRecorder(encrypt, wire);
      runAll(2, r -> rings.get(r).sumInPlace(vectors[r]));
      rings.forEach(RingAllReduce::close);
      int found = WireBytes.indexOf(wire.toByteArray(), secretPart);
      assertEquals(!encrypt, found >= 0, "peer 0's state on the wire, encrypt=" + encrypt);
    }
    assertArrayEquals(plain[0], sealed[0]);
    assertArrayEquals(plain[1], sealed[1]);
  }

  @Test
  void peersWithDifferentKeysFailSayingTheSecretsDiffer() throws Exception {
    List<ServerSocket> servers = List.of(listen(), listen());
    List<String> addresses = addresses(servers);
    RingAllReduce.Credentials other = new RingAllReduce.Credentials(
        Handshake.derive(Handshake.randomSecret(), "test#0"), "test#0", false);
    Future<RingAllReduce> peer1 = pool.submit(() ->
        RingAllReduce.connect(1, addresses, servers.get(1), other, 2_000));
    ExchangeException failure = assertThrows(ExchangeException.class,
        () -> RingAllReduce.connect(0, addresses, servers.get(0), CREDENTIALS, 2_000));
    assertTrue(failure.getMessage().contains("disagree on the secret"), failure.getMessage());
    ExecutionException other1 = assertThrows(ExecutionException.class, peer1::get);
    assertTrue(other1.getCause() instanceof ExchangeException, other1.toString());
  }

  @Test
  void strangersOnARingPortAreClosedAndTheRingStillForms() throws Exception {
    List<ServerSocket> servers = List.of(listen(), listen());
    List<String> addresses = addresses(servers);
    List<Socket> strangers = new ArrayList<>();
    for (ServerSocket server : servers) {
      Socket garbage = new Socket("127.0.0.1", server.getLocalPort());
      garbage.getOutputStream().write("not a sparktrain peer".getBytes());
      strangers.add(garbage);
      // A connection that says nothing at all: closed at the handshake deadline.
      strangers.add(new Socket("127.0.0.1", server.getLocalPort()));
    }
    List<Future<RingAllReduce>> joining = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int rank = r;
      joining.add(pool.submit(() ->
          RingAllReduce.connect(rank, addresses, servers.get(rank), CREDENTIALS, 30_000)));
    }
    List<RingAllReduce> rings = List.of(joining.get(0).get(), joining.get(1).get());
    float[][] vectors = randomVectors(2, 101, 4);
    float[] expected = ringOrderSum(vectors);
    runAll(2, r -> rings.get(r).sumInPlace(vectors[r]));
    assertClose(expected, vectors[1]);
    for (Socket stranger : strangers) {
      stranger.setSoTimeout(30_000);
      assertEquals(-1, stranger.getInputStream().read(), "a stranger was answered");
      stranger.close();
    }
    rings.forEach(RingAllReduce::close);
  }

  /**
   * Two peers, with peer 0's link to peer 1 passing through a relay that records what crosses
   * it, as anyone on the path could.
   */
  private List<RingAllReduce> ringThroughRecorder(boolean encrypt, ByteArrayOutputStream wire)
      throws Exception {
    List<ServerSocket> servers = List.of(listen(), listen());
    ServerSocket relay = listen();
    pool.submit(() -> {
      try (Socket in = relay.accept();
          Socket out = new Socket("127.0.0.1", servers.get(1).getLocalPort())) {
        pool.submit(() -> out.getInputStream().transferTo(in.getOutputStream()));
        byte[] buffer = new byte[8192];
        for (int n; (n = in.getInputStream().read(buffer)) > 0; ) {
          synchronized (wire) {
            wire.write(buffer, 0, n);
          }
          out.getOutputStream().write(buffer, 0, n);
        }
      } finally {
        relay.close();
      }
      return null;
    });
    List<String> addresses = List.of("127.0.0.1:" + servers.get(0).getLocalPort(),
        "127.0.0.1:" + relay.getLocalPort());
    RingAllReduce.Credentials credentials =
        new RingAllReduce.Credentials(CREDENTIALS.key(), CREDENTIALS.label(), encrypt);
    List<Future<RingAllReduce>> joining = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int rank = r;
      joining.add(pool.submit(() ->
          RingAllReduce.connect(rank, addresses, servers.get(rank), credentials, 10_000)));
    }
    return List.of(joining.get(0).get(), joining.get(1).get());
  }

  private static ServerSocket listen() throws IOException {
    return Endpoint.anyPort("127.0.0.1").listen();
  }

  private static List<String> addresses(List<ServerSocket> servers) {
    List<String> addresses = new ArrayList<>();
    for (ServerSocket server : servers) {
      addresses.add("127.0.0.1:" + server.getLocalPort());
    }
    return addresses;
  }

  private static byte[] littleEndian(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return bytes.array();
  }

  /** Segment s is summed left to right starting at peer s and going round the ring. */
  private static float[] ringOrderSum(float[][] vectors) {
    int peers = vectors.length;
    int[] bounds = RingAllReduce.segments(vectors[0].length, peers);
    float[] sum = new float[vectors[0].length];
    for (int s = 0; s < peers; s++) {
      for (int i = bounds[s]; i < bounds[s + 1]; i++) {
        float total = vectors[s][i];
        for (int k = 1; k < peers; k++) {
          total += vectors[(s + k) % peers][i];
        }
        sum[i] = total;
      }
    }
    return sum;
  }

  private List<RingAllReduce> ring(int peers, int timeoutMillis) throws Exception {
    return TestRings.form(pool, peers, CREDENTIALS, timeoutMillis);
  }

  private void runAll(int peers, TestRings.PeerWork work) throws Exception {
    TestRings.runAll(pool, peers, work);
  }

  private static float[][] randomVectors(int peers, int length, long seed) {
    Random random = new Random(seed);
    float[][] vectors = new float[peers][length];
    for (float[] v : vectors) {
      for (int i = 0; i < length; i++) {
        v[i] = (float) random.nextGaussian();
      }
    }
    return vectors;
  }

  private static void assertClose(float[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertTrue(expected[i] == actual[i], "element " + i + ": " + expected[i] + " vs "
          + actual[i]);
    }
  }
}
