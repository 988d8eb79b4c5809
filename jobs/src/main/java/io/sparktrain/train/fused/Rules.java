package io.sparktrain.train.fused;

import io.sparktrain.model.AdaMod;
import io.sparktrain.model.BiasCorrectedNadam;
import io.sparktrain.model.HeavyBallMomentum;
import io.sparktrain.model.MomentUpdater;
import io.sparktrain.model.PaperAdaBelief;
import io.sparktrain.model.ZeroStartAdaGrad;
import io.sparktrain.model.ZeroStartRmsProp;
import jdk.incubator.vector.FloatVector;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The update rules the spec offers ({@code io.sparktrain.model.UpdaterFactory}) as vector
 * kernels, with DL4J's state slots in DL4J's order. The formulas are on the rules' own classes
 * (DL4J's in libnd4j's {@code updaters} ops); each kernel here does the same operations.
 */
final class Rules {

  private Rules() {}

  /** The kernel for {@code config}, or null when there is none (then DL4J's step runs). */
  static FusedRule of(IUpdater config) {
    if (config instanceof NoOp c) {
      return new GradientAsUpdate(c);
    } else if (config instanceof Sgd c) {
      return new PlainSgd(c);
    } else if (config instanceof Nesterovs c) {
      return new Nesterov(c);
    } else if (config instanceof Adam c) {
      return new Dl4jAdam(c, c.getBeta1(), c.getBeta2(), c.getEpsilon());
    } else if (config instanceof AdaMax c) {
      return new Dl4jAdaMax(c);
    } else if (config instanceof AMSGrad c) {
      return new Dl4jAmsGrad(c);
    } else if (config instanceof AdaDelta c) {
      return new Dl4jAdaDelta(c);
    } else if (config instanceof HeavyBallMomentum c) {
      return new HeavyBall(c);
    } else if (config instanceof ZeroStartAdaGrad c) {
      return new AdaGrad(c);
    } else if (config instanceof ZeroStartRmsProp c) {
      return new RmsProp(c);
    } else if (config instanceof BiasCorrectedNadam c) {
      return new Nadam(c);
    } else if (config instanceof PaperAdaBelief c) {
      return new AdaBelief(c);
    } else if (config instanceof AdaMod c) {
      return new AdaModRule(c);
    }
    return null;
  }

  /**
   * update = g: DL4J's {@code NoOp}, which subtracts the gradient as it is. Batch normalisation
   * hands its running mean and deviation this way, as "gradients" that move them toward the
   * batch's statistics.
   */
  static final class GradientAsUpdate extends FusedRule {
    GradientAsUpdate(NoOp config) {
      super(config);
    }

    @Override
    void apply(float[] g, float[][] s, int n) {}
  }

  /** update = lr g. */
  static final class PlainSgd extends FusedRule {
    PlainSgd(Sgd config) {
      super(config);
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        at(g, i).mul(lr).intoArray(g, i);
      }
    }
  }

  /** DL4J's Nesterov (cs231n's form): v' = mu v - lr g; update = mu v - (1 + mu) v'. */
  static final class Nesterov extends FusedRule {
    private final Nesterovs config;
    private float mu;

    Nesterov(Nesterovs config) {
      super(config);
      this.config = config;
    }

    @Override
    void prepare(int iteration, int epoch) {
      mu = (float) config.currentMomentum(iteration, epoch);
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        FloatVector previous = at(s[0], i).mul(mu);
        FloatVector v = flushed(previous.sub(at(g, i).mul(lr)));
        v.intoArray(s[0], i);
        previous.sub(v.mul(mu + 1)).intoArray(g, i);
      }
    }
  }

  /** Moments of the Adam family: slot 0 is m, slot 1 is v, as DL4J and MomentUpdater lay them. */
  abstract static class Moments extends FusedRule {
    final float beta1;
    final float beta2;
    final float epsilon;
    final float keep1;
    final float keep2;
    /** The betas as the rule's bias corrections see them: rounded to float in DL4J's kernels. */
    final double exact1;
    final double exact2;

    /** @param inFloat whether the rule computes 1 - beta in float (DL4J's native kernels) */
    Moments(IUpdater config, double beta1, double beta2, double epsilon, boolean inFloat) {
      super(config);
      this.beta1 = (float) beta1;
      this.beta2 = (float) beta2;
      this.epsilon = (float) epsilon;
      this.keep1 = complement(beta1, inFloat);
      this.keep2 = complement(beta2, inFloat);
      this.exact1 = inFloat ? (float) beta1 : beta1;
      this.exact2 = inFloat ? (float) beta2 : beta2;
    }

    FloatVector mean(float[][] s, int i, FloatVector g) {
      return average(s[0], i, beta1, keep1, g);
    }

    FloatVector secondMoment(float[][] s, int i, FloatVector g) {
      return average(s[1], i, beta2, keep2, g.mul(g));
    }
  }

  /** DL4J's Adam: update = m lr sqrt(1 - beta2^t) / (1 - beta1^t) / (sqrt(v) + epsilon). */
  static class Dl4jAdam extends Moments {
    float stepSize;

    Dl4jAdam(IUpdater c, double beta1, double beta2, double epsilon) {
      super(c, beta1, beta2, epsilon, true);
    }

    @Override
    final void prepare(int iteration, int epoch) {
      int t = iteration + 1;
      stepSize = dl4jStepSize(learningRate(iteration, epoch) * Math.sqrt(correction(exact2, t))
          / correction(exact1, t), epsilon);
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        FloatVector gi = at(g, i);
        FloatVector m = mean(s, i, gi);
        FloatVector v = secondMoment(s, i, gi);
        m.mul(stepSize).div(v.sqrt().add(epsilon)).intoArray(g, i);
      }
    }
  }

  /** DL4J's AMSGrad: Adam's step over the running maximum of v (slot 2). */
  static final class Dl4jAmsGrad extends Dl4jAdam {
    Dl4jAmsGrad(AMSGrad c) {
      super(c, c.getBeta1(), c.getBeta2(), c.getEpsilon());
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        FloatVector gi = at(g, i);
        FloatVector m = mean(s, i, gi);
        FloatVector vHat = at(s[2], i).max(secondMoment(s, i, gi));
        vHat.intoArray(s[2], i);
        m.mul(stepSize).div(vHat.sqrt().add(epsilon)).intoArray(g, i);
      }
    }
  }

  /** DL4J's AdaMax: u = max(beta2 u, |g|) + 1e-32; update = m lr / (1 - beta1^t) / u. */
  static final class Dl4jAdaMax extends Moments {
    private static final float GUARD = 1e-32f;
    private float stepSize;

    Dl4jAdaMax(AdaMax c) {
      super(c, c.getBeta1(), c.getBeta2(), c.getEpsilon(), true);
    }

    @Override
    void prepare(int iteration, int epoch) {
      stepSize = dl4jStepSize(learningRate(iteration, epoch) / correction(exact1, iteration + 1),
          epsilon);
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        FloatVector gi = at(g, i);
        FloatVector u = at(s[1], i).mul(beta2).max(gi.abs()).add(GUARD);
        u.intoArray(s[1], i);
        mean(s, i, gi).mul(stepSize).div(u).intoArray(g, i);
      }
    }
  }

  /** DL4J's AdaDelta: slot 0 the mean squared gradient, slot 1 the mean squared update. */
  static final class Dl4jAdaDelta extends FusedRule {
    private final float rho;
    private final float keep;
    private final float epsilon;

    Dl4jAdaDelta(AdaDelta c) {
      super(c);
      this.rho = (float) c.getRho();
      this.keep = complement(c.getRho(), true);
      this.epsilon = (float) c.getEpsilon();
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        FloatVector gi = at(g, i);
        FloatVector msdx = at(s[1], i);
        FloatVector msg = average(s[0], i, rho, keep, gi.mul(gi));
        FloatVector u = gi.mul(msdx.add(epsilon).sqrt().div(msg.add(epsilon).sqrt()));
        flushed(msdx.mul(rho).add(u.mul(u).mul(keep))).intoArray(s[1], i);
        u.intoArray(g, i);
      }
    }
  }

  /** {@link HeavyBallMomentum}: v = mu v + g; update = lr v. */
  static final class HeavyBall extends FusedRule {
    private final float mu;

    HeavyBall(HeavyBallMomentum c) {
      super(c);
      this.mu = (float) c.getMomentum();
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        FloatVector v = flushed(at(s[0], i).mul(mu).add(at(g, i)));
        v.intoArray(s[0], i);
        v.mul(lr).intoArray(g, i);
      }
    }
  }

  /** {@link ZeroStartAdaGrad}: G += g^2; update = lr g / (sqrt(G) + epsilon). */
  static final class AdaGrad extends FusedRule {
    private final float epsilon;

    AdaGrad(ZeroStartAdaGrad c) {
      super(c);
      this.epsilon = (float) c.getEpsilon();
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        FloatVector gi = at(g, i);
        FloatVector sum = at(s[0], i).add(gi.mul(gi));
        sum.intoArray(s[0], i);
        gi.mul(lr).div(sum.sqrt().add(epsilon)).intoArray(g, i);
      }
    }
  }

  /** {@link ZeroStartRmsProp}: r = rho r + (1 - rho) g^2; update = lr g / (sqrt(r) + eps). */
  static final class RmsProp extends FusedRule {
    private final float rho;
    private final float keep;
    private final float epsilon;

    RmsProp(ZeroStartRmsProp c) {
      super(c);
      this.rho = (float) c.getRho();
      this.keep = complement(c.getRho(), false);
      this.epsilon = (float) c.getEpsilon();
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        FloatVector gi = at(g, i);
        FloatVector r = average(s[0], i, rho, keep, gi.mul(gi));
        gi.mul(lr).div(r.sqrt().add(epsilon)).intoArray(g, i);
      }
    }
  }

  /** {@link MomentUpdater}'s hyperparameters as floats. */
  abstract static class PaperMoments extends Moments {
    PaperMoments(MomentUpdater c) {
      super(c, c.getBeta1(), c.getBeta2(), c.getEpsilon(), false);
    }
  }

  /** {@link BiasCorrectedNadam}. */
  static final class Nadam extends PaperMoments {
    private float gradientWeight;
    private float meanWeight;
    private float secondCorrection;

    Nadam(BiasCorrectedNadam c) {
      super(c);
    }

    @Override
    void prepare(int iteration, int epoch) {
      int t = iteration + 1;
      gradientWeight = (float) ((1 - exact1) / correction(exact1, t));
      meanWeight = (float) (exact1 / correction(exact1, t + 1));
      secondCorrection = (float) correction(exact2, t);
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        FloatVector gi = at(g, i);
        FloatVector m = mean(s, i, gi);
        FloatVector v = secondMoment(s, i, gi);
        FloatVector denominator = v.div(secondCorrection).sqrt().add(epsilon);
        gi.mul(gradientWeight).add(m.mul(meanWeight)).mul(lr).div(denominator).intoArray(g, i);
      }
    }
  }

  /** {@link PaperAdaBelief}: slot 1 is the belief s, with epsilon added inside as the paper. */
  static final class AdaBelief extends PaperMoments {
    private float stepSize;
    private float secondCorrection;

    AdaBelief(PaperAdaBelief c) {
      super(c);
    }

    @Override
    void prepare(int iteration, int epoch) {
      int t = iteration + 1;
      stepSize = (float) (learningRate(iteration, epoch) / correction(exact1, t));
      secondCorrection = (float) correction(exact2, t);
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        FloatVector gi = at(g, i);
        FloatVector m = mean(s, i, gi);
        FloatVector surprise = gi.sub(m);
        FloatVector belief = at(s[1], i).mul(beta2).add(surprise.mul(surprise).mul(keep2))
            .add(epsilon);
        belief.intoArray(s[1], i);
        m.mul(stepSize).div(belief.div(secondCorrection).sqrt().add(epsilon)).intoArray(g, i);
      }
    }
  }

  /** {@link AdaMod}: slot 2 is the long-run average of the step sizes that bounds them. */
  static final class AdaModRule extends PaperMoments {
    private final float beta3;
    private final float keep3;
    private float firstCorrection;
    private float secondCorrection;

    AdaModRule(AdaMod c) {
      super(c);
      this.beta3 = (float) c.getBeta3();
      this.keep3 = complement(c.getBeta3(), false);
    }

    @Override
    void prepare(int iteration, int epoch) {
      int t = iteration + 1;
      firstCorrection = (float) correction(exact1, t);
      secondCorrection = (float) correction(exact2, t);
    }

    @Override
    void apply(float[] g, float[][] s, int n) {
      FloatVector rate = FloatVector.broadcast(Chunk.SPECIES, lr);
      for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
        FloatVector gi = at(g, i);
        FloatVector m = mean(s, i, gi);
        FloatVector v = secondMoment(s, i, gi);
        FloatVector eta = rate.div(v.div(secondCorrection).sqrt().add(epsilon));
        FloatVector cap = average(s[2], i, beta3, keep3, eta);
        m.div(firstCorrection).mul(eta.min(cap)).intoArray(g, i);
      }
    }
  }
}
