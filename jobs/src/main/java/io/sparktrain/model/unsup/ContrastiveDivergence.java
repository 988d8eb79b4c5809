package io.sparktrain.model.unsup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One contrastive-divergence estimate (CD-k, Hinton 2002, "Training products of experts by
 * minimizing contrastive divergence") of the log-likelihood gradient of an RBM with binary
 * visible and hidden units, for a mini-batch.
 *
 * <p>The chain starts at the data {@code v0}, samples the hidden units, and alternates k times:
 * sample the visible units from {@code p(v|h)}, then the hidden probabilities {@code p(h|v)}.
 * The update is {@code <v0 p(h|v0)> - <vk p(h|vk)>}; the positive and negative statistics use
 * hidden probabilities, not samples, as Hinton's practical guide (2010, section 3) advises, which
 * lowers the estimate's variance at no bias to the weights' expectations.
 *
 * <p>The result is returned as a descent gradient, the negated update summed over the batch, the
 * form DL4J's output layers give: the updater divides by the batch size and subtracts.
 */
public final class ContrastiveDivergence {

  /** Draws binary states from probabilities. */
  @FunctionalInterface
  public interface Sampler {
    /** 1 with probability {@code p}, else 0, elementwise, in {@code p}'s data type. */
    INDArray bernoulli(INDArray p);
  }

  /**
   * Gradients of one CD-k step, each summed over the batch.
   *
   * @param weights [visible, hidden]
   * @param hiddenBias [1, hidden]
   * @param visibleBias [1, visible]
   */
  public record Gradients(INDArray weights, INDArray hiddenBias, INDArray visibleBias) {}

  /** Sampling from ND4J's global random generator, which the engine seeds per worker and round. */
  public static final Sampler RANDOM = p -> p.gt(Nd4j.rand(p.dataType(), p.shape()))
      .castTo(p.dataType());

  private ContrastiveDivergence() {}

  /**
   * @param v0 the data, [batch, visible], each value in [0, 1] (read as the probability of 1)
   * @param w weights, [visible, hidden]
   * @param hiddenBias [1, hidden]
   * @param visibleBias [1, visible]
   * @param k Gibbs steps, &gt;= 1
   */
  public static Gradients gradients(INDArray v0, INDArray w, INDArray hiddenBias,
      INDArray visibleBias, int k, Sampler sampler) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, found " + k);
    }
    INDArray ph0 = hidden(v0, w, hiddenBias);
    INDArray h = sampler.bernoulli(ph0);
    INDArray vk = null;
    INDArray phk = null;
    for (int step = 1; step <= k; step++) {
      vk = sampler.bernoulli(visible(h, w, visibleBias));
      phk = hidden(vk, w, hiddenBias);
      if (step < k) {
        h = sampler.bernoulli(phk);
      }
    }
    INDArray dw = vk.transpose().mmul(phk).subi(v0.transpose().mmul(ph0));
    INDArray dHidden = phk.sum(true, 0).subi(ph0.sum(true, 0));
    INDArray dVisible = vk.sum(true, 0).subi(v0.sum(true, 0));
    return new Gradients(dw, dHidden, dVisible);
  }

  /** {@code p(h = 1 | v) = sigmoid(v W + c)}, [batch, hidden]. */
  public static INDArray hidden(INDArray v, INDArray w, INDArray hiddenBias) {
    return Transforms.sigmoid(v.mmul(w).addiRowVector(hiddenBias), false);
  }

  /** {@code p(v = 1 | h) = sigmoid(h W^T + b)}, [batch, visible]. */
  public static INDArray visible(INDArray h, INDArray w, INDArray visibleBias) {
    return Transforms.sigmoid(h.mmul(w.transpose()).addiRowVector(visibleBias), false);
  }

  /**
   * Each example's squared reconstruction error, summed over the visible units, through the
   * mean-field pass {@code v -> p(h|v) -> p(v|h)}: the usual progress measure of an RBM, as the
   * likelihood itself is intractable. Deterministic, so validation losses compare across epochs.
   *
   * @return [batch, 1]
   */
  public static INDArray reconstructionErrors(INDArray v, INDArray w, INDArray hiddenBias,
      INDArray visibleBias) {
    INDArray diff = visible(hidden(v, w, hiddenBias), w, visibleBias).subi(v);
    return diff.muli(diff).sum(true, 1);
  }
}
