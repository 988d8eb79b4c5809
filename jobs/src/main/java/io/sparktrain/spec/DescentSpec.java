package io.sparktrain.spec;

/**
 * The gradient-descent variant, made explicit. YAML, flat under {@code training}:
 * {@code gradientDescent: mini-batch | full-batch | stochastic}, {@code gradient: averaged |
 * summed}, {@code lastBatch: keep | drop | pad}.
 *
 * @param variant how many examples a step sees; default mini-batch ({@code batchSize})
 * @param gradient whether a step's gradient is the mean over its examples (default) or their
 *     sum, which is the mean times the batch size: at equal learning rate a summed step is
 *     {@code batchSize} times larger
 * @param lastBatch what a worker does with the examples left over at the end of its shard when
 *     they do not fill a batch; default keep (a short last step)
 */
public record DescentSpec(Variant variant, Reduction gradient, LastBatch lastBatch) {

  /** How many examples a step sees. */
  public enum Variant {
    /** {@code training.batchSize} per worker. */
    MINI_BATCH,
    /** The worker's whole shard: one step per worker and epoch. */
    FULL_BATCH,
    /** One example per step (batch 1). */
    STOCHASTIC
  }

  /** How the per-example gradients of a step combine. */
  public enum Reduction {
    AVERAGED,
    SUMMED
  }

  /** The end of a shard that does not fill a batch. */
  public enum LastBatch {
    /** A shorter last step. */
    KEEP,
    /** Skipped: every step sees exactly {@code batchSize} examples (unless the shard is smaller). */
    DROP,
    /** Filled up with examples from the start of the worker's epoch order. */
    PAD
  }

  public DescentSpec {
    new Checks().required("gradientDescent", variant).required("gradient", gradient)
        .required("lastBatch", lastBatch).throwIfAny("training");
  }

  public static DescentSpec defaults() {
    return new DescentSpec(Variant.MINI_BATCH, Reduction.AVERAGED, LastBatch.KEEP);
  }
}
