package io.sparktrain.model;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Another schedule's values times a constant. Decoupled weight decay uses it: its coefficient at
 * step t is {@code weightDecay * eta_t}, where {@code eta_t = lr_t / lr} is the learning-rate
 * schedule's multiplier (Loshchilov and Hutter 2019, algorithm 2).
 */
public record ScaledSchedule(ISchedule base, double factor) implements ISchedule {

  @Override
  public double valueAt(int iteration, int epoch) {
    return factor * base.valueAt(iteration, epoch);
  }

  @Override
  public ISchedule clone() {
    return new ScaledSchedule(base.clone(), factor);
  }
}
