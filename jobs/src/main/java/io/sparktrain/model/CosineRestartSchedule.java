package io.sparktrain.model;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Cosine annealing with warm restarts, SGDR (Loshchilov and Hutter 2017, eq. 5): within cycle
 * {@code i}, of length {@code T_i = period * multiplier^i}, the rate is
 * {@code min + (initial - min) * (1 + cos(pi * t_cur / T_i)) / 2}, where {@code t_cur} counts the
 * steps since the cycle began; at a cycle's end it restarts at {@code initial}.
 *
 * @param per whether {@code t} counts iterations or epochs
 * @param period the first cycle's length, &gt;= 1
 * @param multiplier how many times longer each cycle is than the one before, &gt;= 1
 */
public record CosineRestartSchedule(ScheduleType per, double initial, double min, int period,
    int multiplier) implements ISchedule {

  @Override
  public double valueAt(int iteration, int epoch) {
    long current = per == ScheduleType.ITERATION ? iteration : epoch;
    long length = period;
    while (current >= length) {
      current -= length;
      length *= multiplier;
    }
    return min + (initial - min) * (1 + Math.cos(Math.PI * current / length)) / 2;
  }

  @Override
  public ISchedule clone() {
    return this;
  }
}
