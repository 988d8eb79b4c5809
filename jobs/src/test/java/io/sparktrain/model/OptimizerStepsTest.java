package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.ClipSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.ScheduleSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Every optimizer the spec offers against three steps on three parameters computed by hand from
 * its paper ({@link PaperSteps}). The hyperparameters are far from the defaults (epsilon 0.1, say)
 * so that where epsilon goes, whether a bias is corrected and from what a state starts all change
 * the numbers well beyond the tolerance.
 */
class OptimizerStepsTest {

  /** The third coordinate's gradient shrinks, so AMSGrad's maximum of v binds at step 2. */
  private static final double[][] GRADIENTS = {
      {0.5, -1.0, 2.0}, {0.25, 1.5, -0.1}, {-0.3, 0.2, 0.4}};

  static OptimizerSpec distinctive(OptimizerSpec.Type type) {
    return new OptimizerSpec(type, 0.1, 0.7, 0.8, 0.9, 0.1, ScheduleSpec.constant(), 0.7, 0.8, 0,
        ClipSpec.none());
  }

  @ParameterizedTest
  @EnumSource(OptimizerSpec.Type.class)
  void threeStepsMatchThePapersFormulas(OptimizerSpec.Type type) {
    OptimizerSpec spec = distinctive(type);
    double[][] expected = PaperSteps.of(spec, GRADIENTS);
    double[][] actual = steps(UpdaterFactory.updater(spec), GRADIENTS);
    for (int s = 0; s < expected.length; s++) {
      assertArrayEquals(expected[s], actual[s], 1e-9, type + " step " + (s + 1));
    }
  }

  /**
   * DL4J's Adam is Kingma and Ba's algorithm 1 with epsilon scaled by sqrt(1 - beta2^t) (their
   * section 2): the form the PaperSteps hold it to, and how it differs from PyTorch's.
   */
  @Test
  void adamIsAlgorithmOneWithEpsilonScaledByTheSecondBiasCorrection() {
    OptimizerSpec spec = distinctive(OptimizerSpec.Type.ADAM);
    double[][] actual = steps(UpdaterFactory.updater(spec), GRADIENTS);
    double[] m = new double[3];
    double[] v = new double[3];
    for (int s = 0; s < GRADIENTS.length; s++) {
      int t = s + 1;
      double c2 = 1 - Math.pow(spec.beta2(), t);
      double[] expected = new double[3];
      for (int i = 0; i < 3; i++) {
        double g = GRADIENTS[s][i];
        m[i] = spec.beta1() * m[i] + (1 - spec.beta1()) * g;
        v[i] = spec.beta2() * v[i] + (1 - spec.beta2()) * g * g;
        double mHat = m[i] / (1 - Math.pow(spec.beta1(), t));
        expected[i] = spec.learningRate() * mHat
            / (Math.sqrt(v[i] / c2) + spec.epsilon() / Math.sqrt(c2));
      }
      assertArrayEquals(expected, actual[s], 1e-9, "step " + t);
    }
  }

  /**
   * Why nadam, rmsprop, adagrad and adabelief are sparktrain's own: DL4J's built-ins leave the
   * paper's numbers (nadam: no bias correction of v; rmsprop: the mean square starts at epsilon),
   * start adagrad's sum at 1e-6 and drop its schedule when cloned (DL4J's builder clones the
   * updater into every layer), and fail to instantiate adabelief at all.
   */
  @Test
  void dl4jsBuiltInsDepartFromThePapers() {
    assertDeparts(OptimizerSpec.Type.NADAM, new Nadam(0.1, 0.8, 0.9, 0.1));
    assertDeparts(OptimizerSpec.Type.RMSPROP, new RmsProp(0.1, 0.8, 0.1));
    INDArray view = Nd4j.zeros(DataType.DOUBLE, 1, 3);
    new AdaGrad(0.1, 0.1).instantiate(view, true);
    assertArrayEquals(new double[] {1e-6, 1e-6, 1e-6}, view.toDoubleVector(), 1e-12);
    AdaGrad scheduled = new AdaGrad(new ExponentialSchedule(ScheduleType.ITERATION, 0.1, 0.5));
    assertNull(scheduled.clone().getLearningRateSchedule());
    assertThrows(ArrayIndexOutOfBoundsException.class,
        () -> new AdaBelief(0.1).instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 6), true));
  }

  private static void assertDeparts(OptimizerSpec.Type type, IUpdater dl4j) {
    double[][] paper = PaperSteps.of(distinctive(type), GRADIENTS);
    double[][] theirs = steps(dl4j, GRADIENTS);
    double worst = 0;
    for (int s = 0; s < paper.length; s++) {
      for (int i = 0; i < paper[s].length; i++) {
        worst = Math.max(worst, Math.abs(paper[s][i] - theirs[s][i]));
      }
    }
    assertTrue(worst > 1e-3, type + ": DL4J's built-in now matches the paper (max difference "
        + worst + "); its own class may no longer be needed");
  }

  /**
   * The updates {@code updater} makes for the given gradients, one step each, as DL4J's updater
   * blocks call it: a row of state view, the gradient flattened, the 0-based iteration.
   */
  static double[][] steps(IUpdater updater, double[][] gradients) {
    int n = gradients[0].length;
    long size = updater.stateSize(n);
    // DL4J hands stateless updaters no view at all.
    INDArray view = size == 0 ? null : Nd4j.zeros(DataType.DOUBLE, 1, size);
    GradientUpdater<?> rule = updater.instantiate(view, true);
    double[][] updates = new double[gradients.length][];
    for (int s = 0; s < gradients.length; s++) {
      INDArray g = Nd4j.createFromArray(gradients[s].clone());
      rule.applyUpdater(g, s, 0);
      updates[s] = g.toDoubleVector();
    }
    return updates;
  }
}
