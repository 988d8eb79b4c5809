package io.sparktrain.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine ceiling measured during the race, by {@code benchmarks/ceiling.sh}: two independent
 * single-thread trainers started together, no Spark, their samples/s summed. run.sh measures it
 * once before the races; on the 2-core VM the races ran on, the machine's speed moved by 10-20 %
 * within minutes (PyTorch's single thread at 19.8 k samples/s in one epoch and 15.2 k three epochs
 * later, 2026-12-04), so a share of a ceiling measured minutes before says as much about the VM as
 * about the engine. A {@link Bracket} measures it right before and right after one race.
 */
final class MachineCeiling {

  private MachineCeiling() {}

  /** The two processes' samples/s, or null (with the reason printed) when the script failed. */
  static double[] measure(BenchNetwork network, int seconds) {
    List<String> command = List.of("benchmarks/ceiling.sh", network.key(),
        Integer.toString(seconds));
    try {
      Process process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .strip();
      String[] parts = out.split("\\s+");
      if (process.waitFor() != 0 || parts.length != 2) {
        System.out.println("  machine ceiling: " + String.join(" ", command) + " printed '"
            + out + "'");
        return null;
      }
      double[] rates = {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
      System.out.printf("  machine ceiling: %,.0f + %,.0f = %,.0f samples/s%n", rates[0],
          rates[1], rates[0] + rates[1]);
      return rates;
    } catch (IOException | NumberFormatException e) {
      System.out.println("  machine ceiling: " + e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The ceiling measured right before and right after {@link EngineBenchmark#BRACKETED}. */
  static final class Bracket {
    private double[] before;
    private double[] after;

    void before(double[] rates) {
      before = rates;
    }

    void after(double[] rates) {
      after = rates;
    }

    /** Whether both sides were measured. */
    boolean measured() {
      return before != null && after != null;
    }

    /** The mean of the two sums: the ceiling under a machine whose speed drifted evenly. */
    double mean() {
      return (sum(before) + sum(after)) / 2;
    }

    /** The two processes' sum before the race, and after it. */
    double[] sums() {
      return new double[] {sum(before), sum(after)};
    }

    Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("candidate", EngineBenchmark.BRACKETED);
      out.put("before", before == null ? null : List.of(before[0], before[1]));
      out.put("after", after == null ? null : List.of(after[0], after[1]));
      return out;
    }

    private static double sum(double[] rates) {
      return rates[0] + rates[1];
    }
  }
}
