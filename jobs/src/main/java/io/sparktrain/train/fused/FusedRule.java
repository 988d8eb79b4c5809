package io.sparktrain.train.fused;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * One update rule as a vector kernel: from the gradient (already divided by the batch size and
 * clipped) to the update that is subtracted from the parameters, advancing the rule's state in
 * place. The per-step scalars (learning rate from the schedule, bias corrections) are computed
 * once per step in {@link #prepare}; {@link #update} is the per-lane arithmetic, written to match
 * DL4J's kernel (or sparktrain's {@code model} rule) operation for operation.
 */
abstract class FusedRule {

  private final IUpdater config;

  FusedRule(IUpdater config) {
    this.config = config;
  }

  /** This step's learning rate, or 1 for a rule without one (adadelta), as DL4J's is. */
  float lr;

  /** Sets this step's scalars; {@code iteration} counts the steps before this one. */
  final void begin(int iteration, int epoch) {
    lr = (float) learningRate(iteration, epoch);
    prepare(iteration, epoch);
  }

  final double learningRate(int iteration, int epoch) {
    return config.hasLearningRate() ? config.getLearningRate(iteration, epoch) : 1.0;
  }

  /** Sets the rule's own per-step scalars beyond the learning rate. */
  void prepare(int iteration, int epoch) {}

  /**
   * Turns the gradient {@code g[0 .. n)} into the update, advancing the state slots
   * {@code s[k][0 .. n)} in place. Arrays are {@link Chunk#LENGTH} long: loop to
   * {@link Chunk#bound}{@code (n)} in whole vectors.
   */
  abstract void apply(float[] g, float[][] s, int n);

  static FloatVector at(float[] a, int i) {
    return FloatVector.fromArray(Chunk.SPECIES, a, i);
  }

  /**
   * An exponential average, {@code beta old + keep x}, written back to {@code a[i ..]}
   * {@link #flushed}.
   */
  static FloatVector average(float[] a, int i, float beta, float keep, FloatVector x) {
    FloatVector next = flushed(at(a, i).mul(beta).add(x.mul(keep)));
    next.intoArray(a, i);
    return next;
  }

  /**
   * {@code x} with its subnormal lanes set to zero, for state that decays. A weight whose input is
   * almost always zero (an MNIST border pixel) gets no gradient, and its moments shrink by beta
   * every step until they fall below the smallest normal float, where Adam's second moment stays
   * for some 16,000 steps. On an Intel Xeon every operation on a subnormal operand takes a
   * microcode assist: over 30 s of MNIST steps one process ran the MLP at 17,784 samples/s with
   * 37,578 of them in Adam's state, and at 22,420-22,798 with them flushed. The lanes differ from
   * DL4J's by less than 1.2e-38, and an update divides them by at least epsilon.
   */
  static FloatVector flushed(FloatVector x) {
    return x.blend(0f, x.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
  }

  /** 1 - beta^t, a bias correction. */
  static double correction(double beta, int t) {
    return 1 - Math.pow(beta, t);
  }

  /**
   * 1 - x as the rule computes it: DL4J's native kernels subtract in float, sparktrain's rules in
   * double before ND4J rounds the scalar to float (a difference in the last bit that grows over
   * steps when a square root divides by a small value).
   */
  static float complement(double x, boolean inFloat) {
    return inFloat ? 1f - (float) x : (float) (1 - x);
  }

  /** DL4J's Adam-family step size, with its fallback to epsilon when it is not finite or 0. */
  static float dl4jStepSize(double value, double epsilon) {
    return Double.isFinite(value) && value != 0 ? (float) value : (float) epsilon;
  }
}
