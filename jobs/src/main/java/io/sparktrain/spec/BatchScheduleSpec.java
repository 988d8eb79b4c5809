package io.sparktrain.spec;

import java.util.List;

/**
 * "Don't decay the learning rate, increase the batch size" (Smith, Kindermans, Ying and Le 2018):
 * the per-worker batch is multiplied by {@code factor} at the start of each listed epoch, never
 * above {@code maxBatchSize}. YAML: {@code training.batchSchedule}.
 *
 * @param factor what the batch is multiplied by, &gt;= 2
 * @param epochs one-based epochs at whose start the batch grows, ascending, each &gt;= 2
 * @param maxBatchSize the cap on the per-worker batch, &gt;= 1
 */
public record BatchScheduleSpec(int factor, List<Integer> epochs, int maxBatchSize) {

  public BatchScheduleSpec {
    Checks checks = new Checks().in(Range.atLeast(2), "factor", factor)
        .in(Range.atLeast(1), "maxBatchSize", maxBatchSize)
        .check(epochs != null && !epochs.isEmpty(), "epochs", "must list at least one epoch");
    if (epochs != null) {
      for (int i = 0; i < epochs.size(); i++) {
        checks.in(Range.atLeast(2), "epochs[" + i + "]", epochs.get(i));
        checks.check(i == 0 || epochs.get(i) > epochs.get(i - 1), "epochs[" + i + "]",
            "must be above the epoch before it, found " + epochs.get(i));
      }
    }
    checks.throwIfAny("training.batchSchedule");
    epochs = List.copyOf(epochs);
  }

  /** The per-worker batch in one-based {@code epoch}, starting from {@code batchSize}. */
  public int batchAt(int batchSize, int epoch) {
    long batch = batchSize;
    for (int start : epochs) {
      if (start <= epoch) {
        batch = Math.min(maxBatchSize, batch * factor);
      }
    }
    return (int) batch;
  }
}
