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

  /** Update rules (Kingma and Ba 2015 for Adam; Sutskever et al. 2013 for Nesterov momentum). */
  public enum Type { SGD, MOMENTUM, NESTEROV, ADAM }
}
