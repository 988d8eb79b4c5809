package io.sparktrain.spec;

/**
 * Backstitch (Wang, Peddinti, Povey and Khudanpur 2017) on top of plain SGD: on every
 * {@code every}-th mini-batch a step of {@code -alpha * lr} along the gradient, then one of
 * {@code (1 + alpha) * lr} along the gradient recomputed there. YAML:
 * {@code training.backstitch: {alpha: 0.3, every: 1}}; needs {@code optimizer.type: sgd}.
 *
 * @param alpha the backward step's share of the rate, &gt; 0; the paper uses 0.3 with every 1
 * @param every the interval in mini-batches, &gt;= 1; default 1
 */
public record BackstitchSpec(double alpha, int every) {

  public static final double DEFAULT_ALPHA = 0.3;

  public BackstitchSpec {
    new Checks().in(Range.POSITIVE, "alpha", alpha).in(Range.atLeast(1), "every", every)
        .throwIfAny("training.backstitch");
  }
}
