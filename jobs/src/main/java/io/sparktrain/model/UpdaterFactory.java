package io.sparktrain.model;

import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.ScheduleSpec;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Maps an {@link OptimizerSpec} to a DL4J updater with its learning-rate schedule.
 *
 * <p>Where DL4J's built-in rule is the paper's it is used as is: sgd, nesterov (Sutskever et
 * al.'s momentum in the form of Bengio et al. 2013, eq. 7), adadelta, adamax. Adam and amsgrad
 * use DL4J's too, which put epsilon where Kingma and Ba's efficient form of Adam puts it
 * (section 2: {@code lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)}, so the
 * effective epsilon of algorithm 1 is {@code epsilon * sqrt(1 - beta2^t)}); PyTorch adds epsilon
 * after the bias correction, a difference only where {@code sqrt(v)} is near epsilon. AMSGrad
 * takes Adam's bias correction as PyTorch and Keras do (Reddi et al.'s algorithm 2 has none).
 * Where DL4J's rule is not the paper's, or does not work, sparktrain's own replaces it: momentum
 * ({@link HeavyBallMomentum}), adagrad ({@link ZeroStartAdaGrad}), rmsprop
 * ({@link ZeroStartRmsProp}), nadam ({@link BiasCorrectedNadam}), adabelief
 * ({@link PaperAdaBelief}), and adamod ({@link AdaMod}), which DL4J lacks.
 */
public final class UpdaterFactory {

  private UpdaterFactory() {}

  /** The updater of {@code spec.type()} with the spec's schedule when it is not constant. */
  public static IUpdater updater(OptimizerSpec spec) {
    double lr = spec.learningRate();
    IUpdater updater = switch (spec.type()) {
      case SGD -> new Sgd(lr);
      case MOMENTUM -> new HeavyBallMomentum(lr, spec.momentum());
      case NESTEROV -> new Nesterovs(lr, spec.momentum());
      case ADAM -> new Adam(lr, spec.beta1(), spec.beta2(), spec.epsilon());
      case ADAGRAD -> new ZeroStartAdaGrad(lr, spec.epsilon());
      case ADADELTA -> AdaDelta.builder().rho(spec.rho()).epsilon(spec.epsilon()).build();
      case RMSPROP -> new ZeroStartRmsProp(lr, spec.rho(), spec.epsilon());
      // DL4J's AdaMax reads no epsilon (it guards the division with 1e-32), nor does the paper.
      case ADAMAX -> new AdaMax(lr, spec.beta1(), spec.beta2(), OptimizerSpec.DEFAULT_EPSILON);
      case NADAM -> new BiasCorrectedNadam(lr, spec.beta1(), spec.beta2(), spec.epsilon());
      case AMSGRAD -> new AMSGrad(lr, spec.beta1(), spec.beta2(), spec.epsilon());
      case ADABELIEF -> new PaperAdaBelief(lr, spec.beta1(), spec.beta2(), spec.epsilon());
      case ADAMOD -> new AdaMod(lr, spec.beta1(), spec.beta2(), spec.beta3(), spec.epsilon());
    };
    ISchedule schedule = spec.type().hasLearningRate() ? schedule(spec.schedule(), lr) : null;
    if (schedule != null) {
      updater.setLrAndSchedule(lr, schedule);
    }
    return updater;
  }

  /**
   * The schedule starting at {@code initial}, or null for a constant rate without warm-up; the
   * formulas are on {@link ScheduleSpec.Type}'s constants.
   */
  public static ISchedule schedule(ScheduleSpec spec, double initial) {
    ScheduleType per = spec.per() == ScheduleSpec.Per.ITERATION
        ? ScheduleType.ITERATION : ScheduleType.EPOCH;
    ISchedule shape = switch (spec.type()) {
      case CONSTANT -> spec.warmup() > 0 ? new FixedSchedule(initial) : null;
      case STEP -> new StepSchedule(per, initial, spec.decayRate(), spec.step());
      case EXPONENTIAL -> new ExponentialSchedule(per, initial, spec.decayRate());
      case INVERSE -> new InverseSchedule(per, initial, spec.decayRate(), 1.0);
      case POLYNOMIAL -> new PolynomialSchedule(per, initial, spec.minLearningRate(),
          spec.period(), spec.power());
      case COSINE -> new CosineRestartSchedule(per, initial, spec.minLearningRate(),
          spec.period(), spec.multiplier());
      case CYCLICAL -> new TriangularSchedule(per, initial, spec.maxLearningRate(), spec.step());
    };
    return spec.warmup() > 0 ? new WarmupSchedule(per, shape, spec.warmup()) : shape;
  }
}
