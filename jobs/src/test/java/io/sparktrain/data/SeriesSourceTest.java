package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.spec.DataException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Windows of a series split in time and anchored at their last step. */
class SeriesSourceTest {

  private static TimeSeries series(double... values) {
    return new TimeSeries(IntStream.range(0, values.length).mapToObj(String::valueOf).toList(),
        values);
  }

  @Test
  void splitsInTimeOrderTrainThenValidationThenTest() {
    // 12 values, windows of 2: 10 windows; test 0.2 -> 2, validation 0.25 of 8 -> 2, train 6.
    SeriesSource.Windows w = SeriesSource.windows(series(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
        2, 0.25, 0.2);
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), w.train().stream().map(Example::index).toList());
    assertEquals(List.of(6L, 7L), w.validation().stream().map(Example::index).toList());
    assertEquals(List.of(8L, 9L), w.test().stream().map(Example::index).toList());
  }

  @Test
  void anchorsEachWindowAtItsLastValueSoPersistenceIsZero() {
    // Training windows cover 1, 3, 6, 10: changes 2, 3, 4 (RMS sqrt(29/3)).
    SeriesSource.Windows w = SeriesSource.windows(series(1, 3, 6, 10, 15), 2, 0, 0.34);
    double level = Math.sqrt(((1 - 5) * (1 - 5) + 4 + 1 + 25) / 4.0);
    double change = Math.sqrt(29 / 3.0);
    assertEquals(level, w.level(), 1e-12);
    assertEquals(change, w.change(), 1e-12);
    Example first = w.train().get(0);
    assertArrayEquals(new float[] {(float) (-2 / level), 0f}, first.features(), 1e-6f);
    assertArrayEquals(new float[] {(float) (3 / change)}, first.targets(), 1e-6f);
    // The test window (6, 10 -> 15) is scaled with the training part's units.
    assertArrayEquals(new float[] {(float) (5 / change)}, w.test().get(0).targets(), 1e-6f);
    assertEquals(-1, first.label());
  }

  @Test
  void refusesASeriesTooShortForATrainingWindow() {
    DataException e = assertThrows(DataException.class,
        () -> SeriesSource.windows(series(1, 2, 3), 2, 0.5, 0.5));
    assertEquals("data: a series of 3 steps leaves no training window of 2 steps",
        e.getMessage());
  }
}
