package io.sparktrain.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Trains one candidate epoch by epoch, evaluating after each, until its validation accuracy
 * reaches {@link #TARGET} or the epochs run out, and measures both of the benchmark's speeds:
 * samples/s over every epoch after the first (which pays for JIT, replica creation and caching;
 * one epoch of a few seconds alone varies by 20 % on a shared 2-core VM) and the
 * training seconds, summed over epochs, to the target (evaluation excluded). At least two epochs
 * run when the cap allows, so that there is a timed epoch even for a candidate that reaches the
 * target in one.
 */
final class Race {

  static final double TARGET = 0.97;

  private Race() {}

  /** One candidate, trained in place by successive calls. */
  interface Contender extends AutoCloseable {

    /** Trains zero-based epoch {@code epoch}; only the training is timed. */
    Lap train(int epoch);

    /** Validation accuracy of the model as trained so far. */
    double validationAccuracy();

    @Override
    default void close() {}
  }

  /** What one epoch trained: examples over all workers, and its training seconds. */
  record Lap(long examples, double seconds) {}

  /** One epoch as the race saw it, for the JSON; epochs count from 1, as in the table. */
  record EpochLog(int epoch, double seconds, double validationAccuracy) {}

  /**
   * One candidate's measurement; numbers are null when it failed.
   *
   * @param samplesPerSecond examples over seconds of the epochs after the first
   * @param secondsToTarget training seconds until validation accuracy first reached the target;
   *     null when it did not within {@code epochs}
   * @param epochToTarget the epoch, counted from 1, after which it first reached the target
   * @param epochs epochs trained
   * @param validationAccuracy after the last epoch
   * @param failure why there are no numbers, else null
   */
  record Result(String candidate, Double samplesPerSecond, Double secondsToTarget,
      Integer epochToTarget, int epochs, Double validationAccuracy, List<EpochLog> log,
      String failure) {

    /** A row whose samples/s another process measured (the machine ceiling): no race. */
    static Result measuredElsewhere(String candidate, double samplesPerSecond) {
      return new Result(candidate, samplesPerSecond, null, null, 0, null, List.of(), null);
    }

    static Result failed(String candidate, String why) {
      System.out.println("  failed: " + why);
      return new Result(candidate, null, null, null, 0, null, List.of(), why);
    }
  }

  /**
   * Starts a contender and runs it for at most {@code maxEpochs}, printing each epoch, then closes
   * it. A candidate that fails, in starting or training, gives a failed row and the others go on.
   */
  static Result run(String candidate, Supplier<Contender> start, int maxEpochs) {
    System.out.println(candidate + " ...");
    int timedEpoch = Math.min(1, maxEpochs - 1);
    double seconds = 0;
    long timedExamples = 0;
    double timedSeconds = 0;
    Double toTarget = null;
    Integer epochToTarget = null;
    double accuracy = Double.NaN;
    List<EpochLog> log = new ArrayList<>();
    try (Contender contender = start.get()) {
      int epoch = 0;
      while (epoch < maxEpochs && (toTarget == null || epoch <= timedEpoch)) {
        Lap lap = contender.train(epoch);
        seconds += lap.seconds();
        accuracy = contender.validationAccuracy();
        System.out.printf("  epoch %d/%d: %.1f s, %,.0f samples/s, validation %.2f %%%n",
            epoch + 1, maxEpochs, lap.seconds(), lap.examples() / lap.seconds(), 100 * accuracy);
        log.add(new EpochLog(epoch + 1, lap.seconds(), accuracy));
        if (epoch >= timedEpoch) {
          timedExamples += lap.examples();
          timedSeconds += lap.seconds();
        }
        if (toTarget == null && accuracy >= TARGET) {
          toTarget = seconds;
          epochToTarget = epoch + 1;
        }
        epoch++;
      }
      Double samplesPerSecond = timedSeconds > 0 ? timedExamples / timedSeconds : null;
      return new Result(candidate, samplesPerSecond, toTarget, epochToTarget, epoch, accuracy,
          log, null);
    } catch (RuntimeException e) {
      return Result.failed(candidate, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
