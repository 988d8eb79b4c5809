package io.sparktrain.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One network's rows, printed as a table and turned into JSON, with ratios over the first row,
 * single-machine DL4J on one thread: samples/s over its samples/s, and its time to the target
 * over the row's (both read "higher is better").
 */
record ResultTable(BenchNetwork network, Setup setup, List<Race.Result> rows,
    MachineCeiling.Bracket bracket) {

  /**
   * The machine-ceiling row's name: two independent single-thread processes of the fused step,
   * started together ({@code StepBenchmark --solo}, from run.sh), their samples/s summed.
   */
  static final String CEILING = "machine ceiling: 2 single-thread processes";

  /**
   * What a network's candidates trained on.
   *
   * @param records MNIST training records read, before the validation split
   * @param maxEpochs the candidates' epoch cap (MLlib's may be lower, see its row)
   */
  record Setup(int records, int trainExamples, int validationExamples, int maxEpochs) {

    String summary() {
      String timed = maxEpochs == 1 ? "samples/s over that epoch"
          : "samples/s over epochs 2-" + maxEpochs + (maxEpochs > Race.STEADY_EPOCHS
              ? ", steady over the last " + Race.STEADY_EPOCHS : "");
      return String.format("first %,d MNIST records, %,d train / %,d validation examples, %s "
          + "each; %s", records, trainExamples, validationExamples, epochs(maxEpochs), timed);
    }
  }

  void print() {
    Race.Result reference = rows.get(0);
    System.out.printf("%n%s, batch %d per worker, Adam 1e-3%n%s%n", network.description(),
        network.batchSize(), setup.summary());
    System.out.printf("%-46s %10s %6s %10s %26s %6s %9s%n", "candidate", "samples/s", "ratio",
        "steady", "time to " + percent(Race.TARGET) + " val", "ratio", "val acc");
    for (Race.Result row : rows) {
      if (row.failure() != null) {
        System.out.printf("%-46s failed: %s%n", row.candidate(), row.failure());
        continue;
      }
      System.out.printf("%-46s %,10.0f %6s %10s %26s %6s %9s%n", row.candidate(),
          row.samplesPerSecond(), format(speedRatio(row, reference)),
          row.steadySamplesPerSecond() == null ? "-"
              : String.format("%,.0f", row.steadySamplesPerSecond()), toTarget(row),
          format(timeRatio(row, reference)),
          row.validationAccuracy() == null ? "-" : percent(row.validationAccuracy()));
    }
    System.out.println("ratios over " + reference.candidate() + ", measured in this run: "
        + "samples/s over its samples/s, its time to " + percent(Race.TARGET) + " over the row's");
    printEfficiency();
    printSingleWorker();
  }

  /**
   * Every local[2] row's samples/s over the machine ceiling's, when the run measured one, and the
   * bracketed row's over the mean of the ceilings measured right before and after it.
   */
  private void printEfficiency() {
    Race.Result ceiling = row(r -> r.equals(CEILING));
    if (ceiling != null) {
      for (Race.Result row : rows) {
        if (row.candidate().contains("local[2]") && row.samplesPerSecond() != null) {
          System.out.printf("  %-46s %s of the machine ceiling (steady: %s)%n", row.candidate(),
              share(row.samplesPerSecond(), ceiling.samplesPerSecond()),
              share(row.steadySamplesPerSecond(), ceiling.samplesPerSecond()));
        }
      }
    }
    Race.Result bracketed = row(r -> r.equals(EngineBenchmark.BRACKETED));
    if (bracket.measured() && bracketed != null && bracketed.samplesPerSecond() != null) {
      double[] sums = bracket.sums();
      System.out.printf("  %-46s %s of the ceiling measured right before and after it "
          + "(%,.0f before, %,.0f after; steady: %s)%n", bracketed.candidate(),
          share(bracketed.samplesPerSecond(), bracket.mean()), sums[0], sums[1],
          share(bracketed.steadySamplesPerSecond(), bracket.mean()));
    }
  }

  /** The engine's lone worker against PyTorch's single thread, when both rows ran. */
  private void printSingleWorker() {
    Race.Result worker = row(r -> r.equals("sparktrain 1 worker"));
    Race.Result torch = row(r -> r.startsWith("PyTorch") && r.endsWith(", 1 thread"));
    if (worker != null && torch != null && worker.samplesPerSecond() != null
        && torch.samplesPerSecond() != null) {
      System.out.printf("  %-46s %s of %s (steady: %s)%n", worker.candidate(),
          share(worker.samplesPerSecond(), torch.samplesPerSecond()), torch.candidate(),
          share(worker.steadySamplesPerSecond(), torch.steadySamplesPerSecond()));
    }
  }

  private Race.Result row(Predicate<String> candidate) {
    return rows.stream().filter(r -> candidate.test(r.candidate())).findFirst().orElse(null);
  }

  private static String share(Double part, Double whole) {
    return part == null || whole == null ? "n/a" : String.format("%.2f", part / whole);
  }

  Map<String, Object> json() {
    Race.Result reference = rows.get(0);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Race.Result row : rows) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("candidate", row.candidate());
      r.put("samplesPerSecond", row.samplesPerSecond());
      r.put("samplesPerSecondRatio", speedRatio(row, reference));
      r.put("steadySamplesPerSecond", row.steadySamplesPerSecond());
      r.put("secondsToTarget", row.secondsToTarget());
      r.put("epochToTarget", row.epochToTarget());
      r.put("timeToTargetRatio", timeRatio(row, reference));
      r.put("epochs", row.epochs());
      r.put("validationAccuracy", row.validationAccuracy());
      r.put("epochLog", row.log());
      r.put("failure", row.failure());
      out.add(r);
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("network", network.key());
    table.put("description", network.description());
    table.put("batchSize", network.batchSize());
    table.put("records", setup.records());
    table.put("trainExamples", setup.trainExamples());
    table.put("validationExamples", setup.validationExamples());
    table.put("maxEpochs", setup.maxEpochs());
    table.put("rows", out);
    table.put("ceilingBracket", bracket.json());
    return table;
  }

  private static Double speedRatio(Race.Result row, Race.Result reference) {
    return row.samplesPerSecond() == null || reference.samplesPerSecond() == null ? null
        : row.samplesPerSecond() / reference.samplesPerSecond();
  }

  private static Double timeRatio(Race.Result row, Race.Result reference) {
    return row.secondsToTarget() == null || reference.secondsToTarget() == null ? null
        : reference.secondsToTarget() / row.secondsToTarget();
  }

  private static String toTarget(Race.Result row) {
    if (row.epochs() == 0) {
      return "-";
    }
    return row.secondsToTarget() == null ? "not reached in " + epochs(row.epochs())
        : String.format("%.1f s (epoch %d)", row.secondsToTarget(), row.epochToTarget());
  }

  private static String epochs(int n) {
    return n + (n == 1 ? " epoch" : " epochs");
  }

  private static String format(Double ratio) {
    return ratio == null ? "n/a" : String.format("%.2fx", ratio);
  }

  private static String percent(double fraction) {
    return String.format("%.2f %%", 100 * fraction);
  }
}
