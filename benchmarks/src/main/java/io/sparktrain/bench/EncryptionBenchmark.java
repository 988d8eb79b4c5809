package io.sparktrain.bench;

/**
 * What encrypting the ring costs: one averaging round (3 floats per parameter, Adam's state) over
 * a 2-peer TCP ring on loopback, plain and sealed with AES-GCM ({@code
 * spark.sparktrain.exchangeEncryption}), at 1 M and 10 M parameters; median milliseconds and
 * their ratio, both measured in this run. Both paths produce the same sums (the ring checks them),
 * so only time differs. Loopback has no wire cost, so the ratio is an upper bound: on a real
 * network the plain round is slower and the cipher's share smaller.
 *
 * <p>{@code benchmarks/encryption.sh}.
 */
public final class EncryptionBenchmark {

  private static final long[] PARAMETERS = {1_000_000, 10_000_000};
  private static final int FLOATS_PER_PARAMETER = 3;

  private EncryptionBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.out.printf("ring of 2 peers on loopback, %d floats per parameter, median ms per round%n",
        FLOATS_PER_PARAMETER);
    System.out.printf("%-12s %10s %10s %12s %8s%n", "parameters", "MB/peer", "plain",
        "AES-GCM", "ratio");
    for (long p : PARAMETERS) {
      int floats = Math.toIntExact(p * FLOATS_PER_PARAMETER);
      int repeats = p >= 10_000_000 ? 7 : 21;
      // Interleaved, so that a slow phase of a shared machine hits both alike.
      double plain = ExchangeBenchmark.ringMillis(floats, 2, repeats, false);
      double sealed = ExchangeBenchmark.ringMillis(floats, 2, repeats, true);
      double plainAgain = ExchangeBenchmark.ringMillis(floats, 2, repeats, false);
      double bestPlain = Math.min(plain, plainAgain);
      System.out.printf("%-12s %10.0f %10.1f %12.1f %7.2fx%n", String.format("%,d", p),
          4.0 * floats / 1e6, bestPlain, sealed, sealed / bestPlain);
    }
    System.out.printf("machine: %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"));
  }
}
