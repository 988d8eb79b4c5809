package io.sparktrain.report;

import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.TrainingObserver;
import java.io.PrintStream;

/**
 * Progress on the console: a line every few seconds within an epoch (step, samples/s, loss, ETA
 * of the epoch) and one per epoch (losses, accuracies, learning rate, samples/s, ETA of the run).
 */
public final class ConsoleProgress implements TrainingObserver {

  private static final double LINE_EVERY_SECONDS = 5;

  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private double lastLine = -LINE_EVERY_SECONDS;
  /** The first epoch this process reports; earlier ones of a resumed run took other time. */
  private int firstEpoch = -1;

  public ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onRound(
      int epoch, int round, int rounds, long examplesDone, double meanLoss, double seconds) {
    if (round == rounds || seconds - lastLine < LINE_EVERY_SECONDS) {
      return;
    }
    lastLine = seconds;
    double rate = examplesDone / Math.max(seconds, 1e-9);
    double eta = seconds / round * (rounds - round);
    out.printf("  epoch %d  round %d/%d  %5.1f%%  %,.0f samples/s  loss %.4f  epoch ETA %s%n",
        epoch + 1, round, rounds, 100.0 * round / rounds, rate, meanLoss, duration(eta));
  }

  @Override
  public void onEpoch(EpochMetrics m) {
    lastLine = -LINE_EVERY_SECONDS;
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    if (firstEpoch < 0) {
      firstEpoch = m.epoch();
    }
    // A resumed run trained the earlier epochs in another process: time only this one's.
    double eta = elapsed / (m.epoch() - firstEpoch + 1) * (m.epochs() - m.epoch());
    out.printf("epoch %d/%d  train loss %.4f%s  val loss %.4f%s  lr %.3g  "
            + "%,.0f samples/s  %.1fs  ETA %s%n",
        m.epoch(), m.epochs(), m.trainLoss(), accuracy(m.trainAccuracy()), m.validationLoss(),
        accuracy(m.validationAccuracy()), m.learningRate(), m.samplesPerSecond(), m.seconds(),
        duration(eta));
    if (m.validationScores() != null && !m.validationScores().isEmpty()) {
      out.println("  val " + scores(m.validationScores()));
    }
  }

  /**
   * " acc 97.12%", or nothing for a target without classes (a reconstruction, a regression, a
   * representation), whose accuracy is NaN.
   */
  static String accuracy(double accuracy) {
    return Double.isNaN(accuracy) ? ""
        : String.format(java.util.Locale.ROOT, " acc %.2f%%", 100 * accuracy);
  }

  /** {@code name value} pairs, four decimals, in the map's order: a target's own scores. */
  public static String scores(java.util.Map<String, Double> scores) {
    StringBuilder line = new StringBuilder();
    scores.forEach((name, value) -> line.append(line.length() == 0 ? "" : "  ").append(name)
        .append(' ').append(String.format(java.util.Locale.ROOT, "%.4f", value)));
    return line.toString();
  }

  @Override
  public void onNotice(String line) {
    out.println(line);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
