package io.sparktrain.model;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The triangular cyclical learning rate (Smith 2017, "Cyclical Learning Rates for Training Neural
 * Networks", section 3.1): from {@code base} linearly up to {@code max} over {@code step} steps
 * and back down over the next {@code step}, repeated:
 * {@code base + (max - base) * max(0, 1 - |t / step - 2 * cycle + 1|)} with
 * {@code cycle = floor(1 + t / (2 * step))}.
 *
 * @param per whether {@code t} counts iterations or epochs
 * @param step half a cycle, &gt;= 1
 */
public record TriangularSchedule(ScheduleType per, double base, double max, int step)
    implements ISchedule {

  @Override
  public double valueAt(int iteration, int epoch) {
    int t = per == ScheduleType.ITERATION ? iteration : epoch;
    double cycle = Math.floor(1 + t / (2.0 * step));
    double x = Math.abs((double) t / step - 2 * cycle + 1);
    return base + (max - base) * Math.max(0, 1 - x);
  }

  @Override
  public ISchedule clone() {
    return this;
  }
}
