package io.sparktrain.model;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * A linear warm-up in front of another schedule (Goyal et al. 2017): for the first {@code warmup}
 * steps the rate climbs in equal steps to the schedule's first value,
 * {@code after(0) * (t + 1) / warmup}; from then on it is {@code after(t - warmup)}, the schedule
 * shifted to start where the warm-up ends.
 *
 * @param per whether {@code t} counts iterations or epochs, as {@code after} does
 * @param warmup steps of warm-up, &gt;= 1
 */
public record WarmupSchedule(ScheduleType per, ISchedule after, int warmup) implements ISchedule {

  @Override
  public double valueAt(int iteration, int epoch) {
    boolean iterations = per == ScheduleType.ITERATION;
    int t = iterations ? iteration : epoch;
    if (t < warmup) {
      double first = iterations ? after.valueAt(0, epoch) : after.valueAt(iteration, 0);
      return first * (t + 1) / warmup;
    }
    return iterations ? after.valueAt(t - warmup, epoch) : after.valueAt(iteration, t - warmup);
  }

  @Override
  public ISchedule clone() {
    return new WarmupSchedule(per, after.clone(), warmup);
  }
}
