package io.sparktrain.model;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Polynomial decay from {@code initial} to {@code min} over {@code period} steps, then
 * {@code min}: {@code min + (initial - min) * (1 - t / period)^power}. DL4J's {@code PolySchedule}
 * has no floor and, past its end, raises a negative number to the power (NaN for a fractional
 * one). A record, so DL4J's JSON (model.zip) writes and reads it by its components.
 *
 * @param per whether {@code t} counts iterations or epochs
 * @param period steps the decay takes, &gt;= 1
 * @param power the exponent, &gt; 0 (1: linear)
 */
public record PolynomialSchedule(ScheduleType per, double initial, double min, int period,
    double power) implements ISchedule {

  @Override
  public double valueAt(int iteration, int epoch) {
    int t = per == ScheduleType.ITERATION ? iteration : epoch;
    if (t >= period) {
      return min;
    }
    return min + (initial - min) * Math.pow(1 - (double) t / period, power);
  }

  @Override
  public ISchedule clone() {
    return this;
  }
}
