package io.sparktrain.exchange;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Rings of peers on loopback, formed on a test's own threads. */
final class TestRings {

  private TestRings() {}

  /** {@code peers} ring peers, each connected on a thread of {@code pool}. */
  static List<RingAllReduce> form(ExecutorService pool, int peers,
      RingAllReduce.Credentials credentials, int timeoutMillis) throws Exception {
    List<ServerSocket> servers = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (int r = 0; r < peers; r++) {
      servers.add(Endpoint.anyPort("127.0.0.1").listen());
      addresses.add("127.0.0.1:" + servers.get(r).getLocalPort());
    }
    List<Future<RingAllReduce>> joining = new ArrayList<>();
    for (int r = 0; r < peers; r++) {
      int rank = r;
      joining.add(pool.submit(() ->
          RingAllReduce.connect(rank, addresses, servers.get(rank), credentials, timeoutMillis)));
    }
    List<RingAllReduce> rings = new ArrayList<>();
    for (Future<RingAllReduce> f : joining) {
      rings.add(f.get());
    }
    return rings;
  }

  /** One peer's part of a test. */
  interface PeerWork {
    void run(int rank) throws Exception;
  }

  /**
   * Runs every peer's part at once, waits for all of them, and rethrows the first failure. Waiting
   * for every peer matters: a test that closes the peers after a failure would otherwise close a
   * shared file under a peer still waiting in it, which then fails with "closed" in the background
   * (before SharedFileSum fenced its close, it crashed the JVM).
   */
  static void runAll(ExecutorService pool, int peers, PeerWork work) throws Exception {
    List<Future<Void>> running = new ArrayList<>();
    for (int r = 0; r < peers; r++) {
      int rank = r;
      running.add(pool.submit(() -> {
        work.run(rank);
        return null;
      }));
    }
    ExecutionException first = null;
    for (Future<Void> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
