package io.sparktrain.bench;

import io.sparktrain.exchange.Endpoint;
import io.sparktrain.exchange.Handshake;
import io.sparktrain.exchange.LocalGroup;
import io.sparktrain.exchange.RingAllReduce;
import io.sparktrain.exchange.SharedFileSum;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The cost of one averaging round of engine v2 alone, without training: milliseconds to sum one
 * float vector per peer, for models of 1 M, 10 M and 100 M parameters. With Adam a round moves the
 * parameters and both moment vectors, so the vector holds 3 floats per parameter.
 *
 * <p>Three paths are timed: the TCP ring between executors ({@link RingAllReduce}, its peers here
 * threads of one JVM talking over loopback), the shared file between executors on one host
 * ({@link SharedFileSum}, each peer with its own mapping of the file, as separate JVMs have) and
 * the shared-memory sum between the tasks of one executor ({@link LocalGroup}). From the ring's times at 2 and 4 peers it fits the standard ring
 * model {@code t = 2(R-1)/R * bytes / bandwidth + 2(R-1) * latency} and prints what the model says
 * for 8, 32 and 128 executors on a 10 Gbit/s network.
 *
 * <p>{@code benchmarks/run.sh} runs it after the training races; {@code --exchange-only} alone.
 */
public final class ExchangeBenchmark {

  private static final long[] PARAMETERS = {1_000_000, 10_000_000, 100_000_000};
  private static final int FLOATS_PER_PARAMETER = 3;
  private static final double TEN_GBIT_BYTES_PER_S = 10e9 / 8;
  private static final double LAN_LATENCY_S = 50e-6;

  private ExchangeBenchmark() {}

  /** One measured size. */
  record Row(long parameters, double ring2Ms, double ring4Ms, double file2Ms, double localMs) {}

  /** Measures every size; each row is the median of several rounds after a warm-up round. */
  public static List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (long p : PARAMETERS) {
      int floats = Math.toIntExact(p * FLOATS_PER_PARAMETER);
      int repeats = p >= 100_000_000 ? 3 : p >= 10_000_000 ? 5 : 15;
      rows.add(new Row(p, ringMillis(floats, 2, repeats, false), ringMillis(floats, 4, repeats, false),
          fileMillis(floats, 2, repeats), localMillis(floats, 2, repeats)));
    }
    return rows;
  }

  public static void print(List<Row> rows) {
    System.out.printf("%nexchange per averaging round (Adam: 3 floats per parameter), median ms%n");
    System.out.printf("%-12s %10s %18s %18s %20s %22s%n", "parameters", "MB/peer",
        "TCP ring, 2 peers", "TCP ring, 4 peers", "shared file, 2 peers",
        "shared memory, 2 tasks");
    for (Row r : rows) {
      System.out.printf("%-12s %10.0f %18.1f %18.1f %20.1f %22.1f%n",
          String.format("%,d", r.parameters()), bytes(r.parameters()) / 1e6, r.ring2Ms(),
          r.ring4Ms(), r.file2Ms(), r.localMs());
    }
    Row largest = rows.get(rows.size() - 1);
    // Loopback bandwidth the ring reached at 2 peers: each peer moves 2(R-1)/R = 1 vector.
    double loopback = bytes(largest.parameters()) / (largest.ring2Ms() / 1e3);
    System.out.printf("%nloopback ring throughput at 2 peers: %.2f GB/s per peer%n", loopback / 1e9);
    System.out.printf("%nscaling model, ring all-reduce on 10 Gbit/s (%.2f GB/s per link, %.0f us "
        + "latency per step), ms per round:%n", TEN_GBIT_BYTES_PER_S / 1e9, LAN_LATENCY_S * 1e6);
    System.out.printf("%-12s %12s %12s %12s%n", "parameters", "8 exec.", "32 exec.", "128 exec.");
    for (Row r : rows) {
      System.out.printf("%-12s %12.0f %12.0f %12.0f%n", String.format("%,d", r.parameters()),
          modelMs(r.parameters(), 8), modelMs(r.parameters(), 32), modelMs(r.parameters(), 128));
    }
  }

  /** The ring's time: 2(R-1) steps, each moving bytes/R over one link. */
  static double modelMs(long parameters, int executors) {
    double steps = 2.0 * (executors - 1);
    return 1e3 * (steps / executors * bytes(parameters) / TEN_GBIT_BYTES_PER_S
        + steps * LAN_LATENCY_S);
  }

  private static double bytes(long parameters) {
    return 4.0 * FLOATS_PER_PARAMETER * parameters;
  }

  /**
   * Median ms of one ring sum of {@code floats} floats over {@code peers} loopback peers.
   *
   * @param encrypt whether the ring seals its frames with AES-GCM
   */
  static double ringMillis(int floats, int peers, int repeats, boolean encrypt)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(peers);
    try {
      List<RingAllReduce> rings = ring(pool, peers, credentials(encrypt));
      float[][] vectors = vectors(peers, floats);
      double ms = timed(pool, peers, repeats, rank -> rings.get(rank).sumInPlace(vectors[rank]));
      checkSums(vectors, peers);
      rings.forEach(RingAllReduce::close);
      return ms;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Median ms of one sum through {@link SharedFileSum}, the path between executor JVMs on one
   * host; NaN where the peers keep the ring ({@code /dev/shm} missing or too small).
   */
  static double fileMillis(int floats, int peers, int repeats) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(peers);
    try {
      RingAllReduce.Credentials credentials = credentials(false);
      List<RingAllReduce> rings = ring(pool, peers, credentials);
      SharedFileSum[] files = new SharedFileSum[peers];
      all(pool, peers, rank -> files[rank] = SharedFileSum.tryJoin(rings.get(rank), rank, peers,
          SharedFileSum.DEFAULT_DIR, credentials.key(), floats, "exchange-benchmark", 600_000));
      rings.forEach(RingAllReduce::close);
      if (files[0] == null) {
        return Double.NaN;
      }
      float[][] vectors = vectors(peers, floats);
      double ms = timed(pool, peers, repeats, rank -> files[rank].sumInPlace(vectors[rank]));
      checkSums(vectors, peers);
      Arrays.stream(files).forEach(SharedFileSum::close);
      return ms;
    } finally {
      pool.shutdownNow();
    }
  }

  private static RingAllReduce.Credentials credentials(boolean encrypt) {
    return new RingAllReduce.Credentials(
        Handshake.derive(Handshake.randomSecret(), "bench#0"), "bench#0", encrypt);
  }

  private static List<RingAllReduce> ring(ExecutorService pool, int peers,
      RingAllReduce.Credentials credentials) throws Exception {
    List<ServerSocket> servers = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (int r = 0; r < peers; r++) {
      ServerSocket server = Endpoint.anyPort("127.0.0.1").listen();
      servers.add(server);
      addresses.add("127.0.0.1:" + server.getLocalPort());
    }
    List<Future<RingAllReduce>> joining = new ArrayList<>();
    for (int r = 0; r < peers; r++) {
      int rank = r;
      joining.add(pool.submit(
          () -> RingAllReduce.connect(rank, addresses, servers.get(rank), credentials, 600_000)));
    }
    List<RingAllReduce> rings = new ArrayList<>();
    for (Future<RingAllReduce> f : joining) {
      rings.add(f.get());
    }
    return rings;
  }

  /** Median ms of {@code repeats} rounds of {@code work} on every peer, after a warm-up round. */
  private static double timed(ExecutorService pool, int peers, int repeats, PeerWork work)
      throws Exception {
    double[] times = new double[repeats];
    for (int i = -1; i < repeats; i++) {
      long start = System.nanoTime();
      all(pool, peers, work);
      if (i >= 0) {
        times[i] = (System.nanoTime() - start) / 1e6;
      }
    }
    return median(times);
  }

  private static double localMillis(int floats, int members, int repeats) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(members);
    try {
      float[][] vectors = vectors(members, floats);
      double[] times = new double[repeats];
      for (int i = -1; i < repeats; i++) {
        LocalGroup group = LocalGroup.join("exchange-benchmark/" + i, members, 600_000);
        long start = System.nanoTime();
        all(pool, members, m -> group.sumInPlace(m, vectors[m], null));
        if (i >= 0) {
          times[i] = (System.nanoTime() - start) / 1e6;
        }
        for (int m = 0; m < members; m++) {
          group.leave(false);
        }
      }
      checkSums(vectors, members);
      return median(times);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Peer r's vector holds r + 1 everywhere, so every sum is known. */
  private static float[][] vectors(int peers, int floats) {
    float[][] vectors = new float[peers][floats];
    for (int r = 0; r < peers; r++) {
      Arrays.fill(vectors[r], r + 1);
    }
    return vectors;
  }

  /** After the warm-up and the timed rounds the values have grown; all peers must agree. */
  private static void checkSums(float[][] vectors, int peers) {
    for (int r = 1; r < peers; r++) {
      if (vectors[r][vectors[r].length / 2] != vectors[0][vectors[0].length / 2]) {
        throw new IllegalStateException("peers disagree after the exchange");
      }
    }
  }

  private interface PeerWork {
    void run(int rank) throws Exception;
  }

  private static void all(ExecutorService pool, int peers, PeerWork work) throws Exception {
    List<Future<Object>> running = new ArrayList<>();
    for (int r = 0; r < peers; r++) {
      int rank = r;
      running.add(pool.submit((Callable<Object>) () -> {
        work.run(rank);
        return null;
      }));
    }
    for (Future<Object> f : running) {
      f.get();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
