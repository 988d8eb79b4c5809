package io.sparktrain.model;

import io.sparktrain.spec.OptimizerSpec;

/**
 * Each update rule's steps computed by hand, in plain double arithmetic, from its paper's formulas
 * (not by calling DL4J): what the optimizer tests hold DL4J's and sparktrain's updaters to. Each
 * method returns the update of every step, the amount subtracted from the parameters; step
 * {@code s} (0-based) has {@code t = s + 1}.
 */
final class PaperSteps {

  private PaperSteps() {}

  static double[][] of(OptimizerSpec o, double[][] gradients) {
    return switch (o.type()) {
      case SGD -> sgd(o, gradients);
      case MOMENTUM -> momentum(o, gradients);
      case NESTEROV -> nesterov(o, gradients);
      case ADAM -> adam(o, gradients, false);
      case AMSGRAD -> adam(o, gradients, true);
      case ADAGRAD -> adagrad(o, gradients);
      case ADADELTA -> adadelta(o, gradients);
      case RMSPROP -> rmsprop(o, gradients);
      case ADAMAX -> adamax(o, gradients);
      case NADAM -> nadam(o, gradients);
      case ADABELIEF -> adabelief(o, gradients);
      case ADAMOD -> adamod(o, gradients);
    };
  }

  private static double[][] sgd(OptimizerSpec o, double[][] g) {
    double[][] u = new double[g.length][g[0].length];
    for (int s = 0; s < g.length; s++) {
      for (int i = 0; i < g[s].length; i++) {
        u[s][i] = o.learningRate() * g[s][i];
      }
    }
    return u;
  }

  /** Polyak 1964, as PyTorch: v = mu v + g; update lr v. */
  private static double[][] momentum(OptimizerSpec o, double[][] g) {
    double[][] u = new double[g.length][g[0].length];
    double[] v = new double[g[0].length];
    for (int s = 0; s < g.length; s++) {
      for (int i = 0; i < v.length; i++) {
        v[i] = o.momentum() * v[i] + g[s][i];
        u[s][i] = o.learningRate() * v[i];
      }
    }
    return u;
  }

  /**
   * Sutskever et al. 2013 in the parameterisation of Bengio, Boulanger-Lewandowski and Pascanu
   * 2013 (eq. 7), which tracks {@code theta + mu v}: v' = mu v - lr g; the parameters move by
   * {@code mu^2 v - (1 + mu) lr g}.
   */
  private static double[][] nesterov(OptimizerSpec o, double[][] g) {
    double mu = o.momentum();
    double[][] u = new double[g.length][g[0].length];
    double[] v = new double[g[0].length];
    for (int s = 0; s < g.length; s++) {
      for (int i = 0; i < v.length; i++) {
        u[s][i] = -(mu * mu * v[i] - (1 + mu) * o.learningRate() * g[s][i]);
        v[i] = mu * v[i] - o.learningRate() * g[s][i];
      }
    }
    return u;
  }

  /**
   * Kingma and Ba 2015 in their efficient form (section 2): {@code lr * sqrt(1 - b2^t) /
   * (1 - b1^t) * m / (sqrt(v) + eps)}; with {@code maxOfV}, AMSGrad (Reddi, Kale and Kumar 2018,
   * algorithm 2): v replaced by the running maximum of v, and Adam's bias correction as PyTorch and
   * DL4J apply it.
   */
  private static double[][] adam(OptimizerSpec o, double[][] g, boolean maxOfV) {
    int n = g[0].length;
    double[][] u = new double[g.length][n];
    double[] m = new double[n];
    double[] v = new double[n];
    double[] vMax = new double[n];
    for (int s = 0; s < g.length; s++) {
      int t = s + 1;
      double alpha = o.learningRate() * Math.sqrt(1 - Math.pow(o.beta2(), t))
          / (1 - Math.pow(o.beta1(), t));
      for (int i = 0; i < n; i++) {
        m[i] = o.beta1() * m[i] + (1 - o.beta1()) * g[s][i];
        v[i] = o.beta2() * v[i] + (1 - o.beta2()) * g[s][i] * g[s][i];
        vMax[i] = Math.max(vMax[i], v[i]);
        u[s][i] = alpha * m[i] / (Math.sqrt(maxOfV ? vMax[i] : v[i]) + o.epsilon());
      }
    }
    return u;
  }

  /** Duchi, Hazan and Singer 2011: G += g^2; update lr g / (sqrt(G) + eps), G from zero. */
  private static double[][] adagrad(OptimizerSpec o, double[][] g) {
    double[][] u = new double[g.length][g[0].length];
    double[] sum = new double[g[0].length];
    for (int s = 0; s < g.length; s++) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += g[s][i] * g[s][i];
        u[s][i] = o.learningRate() * g[s][i] / (Math.sqrt(sum[i]) + o.epsilon());
      }
    }
    return u;
  }

  /** Zeiler 2012, algorithm 1: no learning rate. */
  private static double[][] adadelta(OptimizerSpec o, double[][] g) {
    double rho = o.rho();
    double eps = o.epsilon();
    double[][] u = new double[g.length][g[0].length];
    double[] meanSquare = new double[g[0].length];
    double[] meanStep = new double[g[0].length];
    for (int s = 0; s < g.length; s++) {
      for (int i = 0; i < meanSquare.length; i++) {
        meanSquare[i] = rho * meanSquare[i] + (1 - rho) * g[s][i] * g[s][i];
        double step = Math.sqrt(meanStep[i] + eps) / Math.sqrt(meanSquare[i] + eps) * g[s][i];
        meanStep[i] = rho * meanStep[i] + (1 - rho) * step * step;
        u[s][i] = step;
      }
    }
    return u;
  }

  /** Tieleman and Hinton 2012, as PyTorch: r = rho r + (1 - rho) g^2 from zero. */
  private static double[][] rmsprop(OptimizerSpec o, double[][] g) {
    double[][] u = new double[g.length][g[0].length];
    double[] r = new double[g[0].length];
    for (int s = 0; s < g.length; s++) {
      for (int i = 0; i < r.length; i++) {
        r[i] = o.rho() * r[i] + (1 - o.rho()) * g[s][i] * g[s][i];
        u[s][i] = o.learningRate() * g[s][i] / (Math.sqrt(r[i]) + o.epsilon());
      }
    }
    return u;
  }

  /** Kingma and Ba 2015, algorithm 2: u = max(b2 u, |g|); update lr / (1 - b1^t) * m / u. */
  private static double[][] adamax(OptimizerSpec o, double[][] g) {
    int n = g[0].length;
    double[][] step = new double[g.length][n];
    double[] m = new double[n];
    double[] norm = new double[n];
    for (int s = 0; s < g.length; s++) {
      int t = s + 1;
      for (int i = 0; i < n; i++) {
        m[i] = o.beta1() * m[i] + (1 - o.beta1()) * g[s][i];
        norm[i] = Math.max(o.beta2() * norm[i], Math.abs(g[s][i]));
        step[s][i] = o.learningRate() / (1 - Math.pow(o.beta1(), t)) * m[i] / norm[i];
      }
    }
    return step;
  }

  /** Dozat 2016, algorithm 2 with mu_t = b1. */
  private static double[][] nadam(OptimizerSpec o, double[][] g) {
    int n = g[0].length;
    double b1 = o.beta1();
    double[][] u = new double[g.length][n];
    double[] m = new double[n];
    double[] v = new double[n];
    for (int s = 0; s < g.length; s++) {
      int t = s + 1;
      for (int i = 0; i < n; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[s][i];
        v[i] = o.beta2() * v[i] + (1 - o.beta2()) * g[s][i] * g[s][i];
        double gHat = g[s][i] / (1 - Math.pow(b1, t));
        double mHat = m[i] / (1 - Math.pow(b1, t + 1));
        double mBar = (1 - b1) * gHat + b1 * mHat;
        double vHat = v[i] / (1 - Math.pow(o.beta2(), t));
        u[s][i] = o.learningRate() * mBar / (Math.sqrt(vHat) + o.epsilon());
      }
    }
    return u;
  }

  /** Zhuang et al. 2020, algorithm 2: s = b2 s + (1 - b2) (g - m)^2 + eps, bias-corrected. */
  private static double[][] adabelief(OptimizerSpec o, double[][] g) {
    int n = g[0].length;
    double[][] u = new double[g.length][n];
    double[] m = new double[n];
    double[] belief = new double[n];
    for (int s = 0; s < g.length; s++) {
      int t = s + 1;
      for (int i = 0; i < n; i++) {
        m[i] = o.beta1() * m[i] + (1 - o.beta1()) * g[s][i];
        double surprise = g[s][i] - m[i];
        belief[i] = o.beta2() * belief[i] + (1 - o.beta2()) * surprise * surprise + o.epsilon();
        double mHat = m[i] / (1 - Math.pow(o.beta1(), t));
        double sHat = belief[i] / (1 - Math.pow(o.beta2(), t));
        u[s][i] = o.learningRate() * mHat / (Math.sqrt(sHat) + o.epsilon());
      }
    }
    return u;
  }

  /** Ding, Ren, Luo and Sun 2019, algorithm 1. */
  private static double[][] adamod(OptimizerSpec o, double[][] g) {
    int n = g[0].length;
    double[][] u = new double[g.length][n];
    double[] m = new double[n];
    double[] v = new double[n];
    double[] cap = new double[n];
    for (int s = 0; s < g.length; s++) {
      int t = s + 1;
      for (int i = 0; i < n; i++) {
        m[i] = o.beta1() * m[i] + (1 - o.beta1()) * g[s][i];
        v[i] = o.beta2() * v[i] + (1 - o.beta2()) * g[s][i] * g[s][i];
        double mHat = m[i] / (1 - Math.pow(o.beta1(), t));
        double vHat = v[i] / (1 - Math.pow(o.beta2(), t));
        double eta = o.learningRate() / (Math.sqrt(vHat) + o.epsilon());
        cap[i] = o.beta3() * cap[i] + (1 - o.beta3()) * eta;
        u[s][i] = Math.min(eta, cap[i]) * mHat;
      }
    }
    return u;
  }
}
