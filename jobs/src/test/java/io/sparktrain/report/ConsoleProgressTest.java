package io.sparktrain.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.train.EpochMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  @Test
  void anEpochOfAClassifierShowsItsAccuracies() {
    String line = epochLine(0.9712, 0.9655);
    assertTrue(line.contains("train loss 0.1000 acc 97.12%  val loss 0.2000 acc 96.55%"), line);
  }

  /** An autoencoder's epoch: its accuracy is NaN, which the line leaves out instead of printing. */
  @Test
  void anEpochWithoutClassesShowsOnlyItsLosses() {
    String line = epochLine(Double.NaN, Double.NaN);
    assertTrue(line.contains("train loss 0.1000  val loss 0.2000  lr"), line);
    assertFalse(line.contains("NaN"), line);
  }

  private static String epochLine(double trainAccuracy, double validationAccuracy) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .onEpoch(new EpochMetrics(1, 2, 10, 0.1, 0.2, trainAccuracy, validationAccuracy, 0.001,
            1000, 1.5, 0, 0, 64));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
