package io.sparktrain.model;

import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.ScheduleSpec;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** Maps an {@link OptimizerSpec} to a DL4J updater with its learning-rate schedule. */
public final class UpdaterFactory {

  private UpdaterFactory() {}

  /**
   * The updater: sgd to {@link Sgd}, momentum to {@link HeavyBallMomentum}, nesterov to
   * {@link Nesterovs}, adam to {@link Adam}, each with the spec's schedule when it is not constant.
   */
  public static IUpdater updater(OptimizerSpec spec) {
    double lr = spec.learningRate();
    IUpdater updater = switch (spec.type()) {
      case SGD -> new Sgd(lr);
      case MOMENTUM -> new HeavyBallMomentum(lr, spec.momentum());
      case NESTEROV -> new Nesterovs(lr, spec.momentum());
      case ADAM -> new Adam(lr, spec.beta1(), spec.beta2(), spec.epsilon());
    };
    ISchedule schedule = schedule(spec.schedule(), lr);
    if (schedule != null) {
      updater.setLrAndSchedule(lr, schedule);
    }
    return updater;
  }

  /**
   * The schedule starting at {@code initial}, or null for a constant rate. step: {@code lr *
   * decayRate^floor(t / step)}; exponential: {@code lr * decayRate^t}; inverse: {@code lr / (1 +
   * decayRate * t)} (power 1), where t counts iterations or epochs as the spec says.
   */
  public static ISchedule schedule(ScheduleSpec spec, double initial) {
    ScheduleType per = spec.per() == ScheduleSpec.Per.ITERATION
        ? ScheduleType.ITERATION : ScheduleType.EPOCH;
    return switch (spec.type()) {
      case CONSTANT -> null;
      case STEP -> new StepSchedule(per, initial, spec.decayRate(), spec.step());
      case EXPONENTIAL -> new ExponentialSchedule(per, initial, spec.decayRate());
      case INVERSE -> new InverseSchedule(per, initial, spec.decayRate(), 1.0);
    };
  }
}
