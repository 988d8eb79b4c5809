package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statsmodels series as installed, and the windows and baseline of a forecaster. */
class TimeSeriesTest {

  @TempDir Path dir;

  private static Path installed(String name) {
    DataCache cache = DataCache.fromEnvironment();
    return cache.ensure(name).resolve(name + ".csv");
  }

  @Test
  void readsTheYearlySunspotNumbers() {
    TimeSeries sunspots = TimeSeries.read(installed("sunspots"));
    assertEquals(309, sunspots.length());
    assertEquals("1700", sunspots.times().get(0));
    assertEquals("2008", sunspots.times().get(308));
    assertEquals(5.0, sunspots.values()[0]);
    assertEquals(2.9, sunspots.values()[308]);
    assertEquals(0, sunspots.missing());
  }

  @Test
  void readsTheWeeklyCo2WithItsGapsAndFillsThem() {
    TimeSeries co2 = TimeSeries.read(installed("co2"));
    assertEquals(2284, co2.length());
    assertEquals("19580329", co2.times().get(0));
    assertEquals(316.1, co2.values()[0]);
    assertEquals(59, co2.missing());
    TimeSeries filled = co2.interpolated();
    assertEquals(0, filled.missing());
    for (double v : filled.values()) {
      assertTrue(v > 310 && v < 380, "ppm " + v);
    }
  }

  @Test
  void fillsGapsOnTheLineBetweenTheirNeighbours() throws Exception {
    Path file = Files.writeString(dir.resolve("s.csv"), "t,v\n1,\n2,2\n3,\n4,\n5,8\n6,\n");
    assertArrayEquals(new double[] {2, 2, 4, 6, 8, 8},
        TimeSeries.read(file).interpolated().values(), 1e-12);
  }

  @Test
  void namesTheLineOfABadValue() throws Exception {
    Path file = Files.writeString(dir.resolve("s.csv"), "t,v\n1,2\n2,x\n");
    DataException e = assertThrows(DataException.class, () -> TimeSeries.read(file));
    assertEquals(file + ":3: value is not a number: 'x'", e.getMessage());
  }

  @Test
  void persistenceForecastsTheLastStepAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("s.csv"), "t,v\n1,1\n2,2\n3,4\n4,7\n");
    double[][] windows = TimeSeries.read(file).windows(2);
    assertArrayEquals(new double[] {2, 4, 7}, windows[1], 0);
    // Persistence misses by 2 and 3; forecasts off by 1 each beat it.
    ForecastScore score = ForecastScore.of(windows, new double[] {5, 6});
    assertEquals(Math.sqrt(6.5), score.persistenceRmse(), 1e-12);
    assertEquals(1.0, score.rmse(), 1e-12);
    assertTrue(score.beatsPersistence());
    assertFalse(ForecastScore.of(windows, new double[] {0, 0}).beatsPersistence());
  }
}
