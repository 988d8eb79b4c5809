package io.sparktrain.spec;

/**
 * A learning rate for the layers {@code first..last} (0-based, inclusive) of a finetune stage,
 * written in YAML as {@code {layers: [first, last], learningRate: r}}.
 *
 * @param learningRate null for the stage optimizer's own rate
 */
public record LayerRate(int first, int last, Double learningRate) {

  public LayerRate {
    new Checks()
        .in(Range.atLeast(0), "layers[0]", first)
        .in(Range.atLeast(0), "layers[1]", last)
        .check(last >= first, "layers", "last layer before first, found [" + first + ", " + last
            + "]")
        .check(learningRate == null || learningRate > 0, "learningRate",
            Range.POSITIVE.rule() + ", found " + learningRate)
        .throwIfAny("learning rate group");
  }

  /** This group with the optimizer's rate where it gives none. */
  public LayerRate resolved(double optimizerRate) {
    return learningRate != null ? this : new LayerRate(first, last, optimizerRate);
  }
}
