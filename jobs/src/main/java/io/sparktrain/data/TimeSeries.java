package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A univariate series read from a two-column CSV with a header line ({@code time,value}), as
 * statsmodels ships its sunspots and CO2 sets: one row per step in time order, a value that was
 * not measured left empty. Windows of it are the examples of a forecaster: {@code length} steps
 * in, the next step's value out.
 *
 * @param times the first column of each row, as written (year, or yyyymmdd)
 * @param values the second column; NaN where it is empty
 */
public record TimeSeries(List<String> times, double[] values) {

  /**
   * Reads {@code file}.
   *
   * @throws DataException naming the file and line of a row that is not {@code time,value} with a
   *     number or nothing as value, or when the file cannot be read
   */
  public static TimeSeries read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
    List<String> times = new ArrayList<>();
    double[] values = new double[Math.max(0, lines.size() - 1)];
    int n = 0;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != 2) {
        throw new DataException(file + ":" + (i + 1) + ": expected 2 columns (time,value), found "
            + cells.length);
      }
      times.add(cells[0].replace("\"", ""));
      values[n++] = cells[1].isBlank() ? Double.NaN : number(cells[1], file, i + 1);
    }
    return new TimeSeries(List.copyOf(times), Arrays.copyOf(values, n));
  }

  private static double number(String cell, Path file, int line) {
    try {
      return Double.parseDouble(cell.strip());
    } catch (NumberFormatException e) {
      throw new DataException(file + ":" + line + ": value is not a number: '" + cell + "'");
    }
  }

  public int length() {
    return values.length;
  }

  /** Steps whose value is missing. */
  public int missing() {
    return (int) Arrays.stream(values).filter(Double::isNaN).count();
  }

  /**
   * This series with each gap filled on the straight line between the values around it (a gap
   * at an end takes the nearest value), as a forecaster needs every step.
   *
   * @throws DataException if no value at all is known
   */
  public TimeSeries interpolated() {
    double[] filled = values.clone();
    int previous = -1;
    for (int i = 0; i <= filled.length; i++) {
      if (i < filled.length && Double.isNaN(filled[i])) {
        continue;
      }
      if (previous < 0 && i == filled.length) {
        throw new DataException("the series has no value at all");
      }
      for (int gap = previous + 1; gap < i; gap++) {
        filled[gap] = previous < 0 ? filled[i] : i == filled.length ? filled[previous]
            : filled[previous] + (filled[i] - filled[previous]) * (gap - previous)
                / (double) (i - previous);
      }
      previous = i;
    }
    return new TimeSeries(times, filled);
  }

  /**
   * Every window of {@code length} consecutive steps followed by the step to forecast, in time
   * order: row i holds {@code values[i .. i+length]}, the last entry being the target.
   */
  public double[][] windows(int length) {
    if (length < 1 || length >= values.length) {
      throw new IllegalArgumentException("window length must be in [1, " + (values.length - 1)
          + "], found " + length);
    }
    double[][] rows = new double[values.length - length][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(values, i, i + length + 1);
    }
    return rows;
  }
}
