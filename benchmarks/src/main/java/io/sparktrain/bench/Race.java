package io.sparktrain.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Trains one candidate epoch by epoch for the whole epoch cap, evaluating after each, and measures
 * the benchmark's speeds: samples/s over every epoch after the first (which pays for JIT, replica
 * creation and caching; one epoch of a few seconds alone varies by 20 % on a shared 2-core VM),
 * samples/s over the last {@link #STEADY_EPOCHS} epochs (a JVM's C2 compiler is still at work in
 * the MLP's epochs 2-4: 23 s of compile time in a 45 s run, docs/performance.md), and the training
 * seconds, summed over epochs, to {@link #TARGET} validation accuracy (evaluation excluded). Every
 * candidate runs the same epochs, so that each speed covers the same stretch of training for all.
 */
final class Race {

  static final double TARGET = 0.97;
  /** The epochs at the end of a run whose samples/s the steady column gives. */
  static final int STEADY_EPOCHS = 2;

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
   * @param steadySamplesPerSecond the same over the last {@link #STEADY_EPOCHS} epochs, when
   *     there were more epochs than those
   * @param secondsToTarget training seconds until validation accuracy first reached the target;
   *     null when it did not within {@code epochs}
   * @param epochToTarget the epoch, counted from 1, after which it first reached the target
   * @param epochs epochs trained
   * @param validationAccuracy after the last epoch
   * @param failure why there are no numbers, else null
   */
  record Result(String candidate, Double samplesPerSecond, Double steadySamplesPerSecond,
      Double secondsToTarget, Integer epochToTarget, int epochs, Double validationAccuracy,
      List<EpochLog> log, String failure) {

    /** A row whose samples/s another process measured (the machine ceiling): no race. */
    static Result measuredElsewhere(String candidate, double samplesPerSecond) {
      return new Result(candidate, samplesPerSecond, samplesPerSecond, null, null, 0, null,
          List.of(), null);
    }

    static Result failed(String candidate, String why) {
      System.out.println("  failed: " + why);
      return new Result(candidate, null, null, null, null, 0, null, List.of(), why);
    }
  }

  /** Samples/s over the last {@link #STEADY_EPOCHS} laps; null when no earlier lap precedes. */
  private static Double steady(List<Lap> laps) {
    if (laps.size() <= STEADY_EPOCHS) {
      return null;
    }
    List<Lap> last = laps.subList(laps.size() - STEADY_EPOCHS, laps.size());
    return last.stream().mapToLong(Lap::examples).sum()
        / last.stream().mapToDouble(Lap::seconds).sum();
  }

  /**
   * Starts a contender and runs it for {@code maxEpochs}, printing each epoch, then closes it. A
   * candidate that fails, in starting or training, gives a failed row and the others go on.
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
    List<Lap> laps = new ArrayList<>();
    try (Contender contender = start.get()) {
      int epoch = 0;
      while (epoch < maxEpochs) {
        Lap lap = contender.train(epoch);
        laps.add(lap);
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
      return new Result(candidate, samplesPerSecond, steady(laps), toTarget, epochToTarget, epoch,
          accuracy, log, null);
    } catch (RuntimeException e) {
      return Result.failed(candidate, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
