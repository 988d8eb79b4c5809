package io.sparktrain.spec;

/**
 * The updater and its learning rate.
 *
 * @param type the update rule; default {@link Type#ADAM}
 * @param learningRate base learning rate, &gt; 0; default 0.001
 * @param momentum momentum/nesterov: momentum coefficient in [0, 1); default 0.9
 * @param beta1 adam: first-moment decay in [0, 1); default 0.9
 * @param beta2 adam: second-moment decay in [0, 1); default 0.999
 * @param epsilon adam: denominator guard, &gt; 0; default 1e-8
 * @param schedule how the learning rate changes with the global iteration; default constant
 */
public record OptimizerSpec(
    Type type,
    double learningRate,
    double momentum,
    double beta1,
    double beta2,
    double epsilon,
    ScheduleSpec schedule) {

  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  public static final double DEFAULT_MOMENTUM = 0.9;
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPSILON = 1e-8;

  /** Adam at learning rate 0.001 with the usual betas and a constant schedule. */
  public static OptimizerSpec defaults() {
    return new OptimizerSpec(Type.ADAM, DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM, DEFAULT_BETA1,
        DEFAULT_BETA2, DEFAULT_EPSILON, ScheduleSpec.constant());
  }

  /** Update rules (Kingma and Ba 2015 for Adam; Sutskever et al. 2013 for Nesterov momentum). */
  public enum Type { SGD, MOMENTUM, NESTEROV, ADAM }
}
