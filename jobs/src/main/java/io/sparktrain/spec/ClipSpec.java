package io.sparktrain.spec;

/**
 * Gradient clipping, applied to the mini-batch's mean gradient before the update rule (and before
 * an L2 penalty is added to it), as PyTorch's {@code clip_grad_value_} and {@code clip_grad_norm_}
 * do. YAML: {@code clip: {value: X}} or {@code clip: {globalNorm: X}}.
 *
 * @param mode what is clipped; default {@link Mode#NONE}
 * @param threshold value: the largest absolute value of any gradient component; globalNorm: the
 *     largest L2 norm of all trainable parameters' gradients taken together; &gt; 0
 */
public record ClipSpec(Mode mode, double threshold) {

  /** Where a threshold lies, read or built. */
  public static final Range THRESHOLD = Range.POSITIVE;

  /**
   * @throws SpecException naming {@code value} or {@code globalNorm}, relative to
   *     {@code optimizer.clip}, when the threshold is out of range
   */
  public ClipSpec {
    Checks checks = new Checks().required("mode", mode);
    if (mode != null && mode != Mode.NONE) {
      checks.in(THRESHOLD, mode == Mode.VALUE ? "value" : "globalNorm", threshold);
    }
    checks.throwIfAny("optimizer.clip");
  }

  /** How gradients are clipped. */
  public enum Mode {
    NONE,
    /** Each component to [-threshold, threshold]. */
    VALUE,
    /**
     * The whole gradient scaled by {@code threshold / norm} when its L2 norm exceeds the threshold
     * (Pascanu, Mikolov and Bengio 2013).
     */
    GLOBAL_NORM
  }

  public static ClipSpec none() {
    return new ClipSpec(Mode.NONE, 0.0);
  }
}
