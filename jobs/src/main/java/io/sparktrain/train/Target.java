package io.sparktrain.train;

import io.sparktrain.spec.DataSpec;
import java.io.Serializable;
import java.util.List;

/**
 * What a network is trained to output for an example: its class, one-hot over {@code numClasses};
 * the example's own features (an autoencoder reconstructs its input); or the example's target
 * vector ({@code data.target: soft | multi-label | regression}) of {@code numClasses} values.
 *
 * @param numClasses classes of the labels, &gt;= 2 (kept for reconstruction too: the data set's
 *     labels still exist, they are just not the target); for a target vector its length (&gt;= 1
 *     for regression, &gt;= 2 otherwise)
 * @param reconstruct whether the target is the input instead of the label
 * @param kind the spec's target kind
 * @param names a multi-label target's label names, in target order (they name the per-label
 *     scores); null elsewhere
 * @param lossOnly whether the network's outputs are no predictions of the target (a Siamese
 *     or Barlow Twins loss over embeddings): only the loss is evaluated, no classes or scores
 */
public record Target(int numClasses, boolean reconstruct, DataSpec.Target kind,
    List<String> names, boolean lossOnly) implements Serializable {

  public Target {
    int least = kind == DataSpec.Target.REGRESSION ? 1 : 2;
    if (numClasses < least) {
      throw new IllegalArgumentException("numClasses must be >= " + least + ", found "
          + numClasses);
    }
    names = names == null ? null : List.copyOf(names);
  }

  /** A target whose outputs are predictions of it. */
  public Target(int numClasses, boolean reconstruct, DataSpec.Target kind, List<String> names) {
    this(numClasses, reconstruct, kind, names, false);
  }

  /** This target for a network whose outputs are losses over embeddings only. */
  public Target withLossOnly() {
    return new Target(numClasses, reconstruct, kind, names, true);
  }

  /** Classes, or reconstruction of the input. */
  public Target(int numClasses, boolean reconstruct) {
    this(numClasses, reconstruct, reconstruct ? DataSpec.Target.INPUT : DataSpec.Target.LABEL,
        null);
  }

  /** One-hot labels over {@code numClasses} classes. */
  public static Target classes(int numClasses) {
    return new Target(numClasses, false);
  }

  /**
   * The target of a data spec's kind with {@code outputs} values (classes for a class label).
   *
   * @param names a multi-label target's names; null names them label0, label1, ...
   */
  public static Target of(DataSpec.Target kind, int outputs, List<String> names) {
    return new Target(outputs, kind == DataSpec.Target.INPUT, kind,
        kind == DataSpec.Target.MULTI_LABEL
            ? (names != null ? names : MultiLabelMetrics.defaultNames(outputs)) : null);
  }

  /** Whether each example brings its own target values rather than a class index. */
  public boolean isVector() {
    return kind.isVector();
  }

  /** Whether accuracy, F1 and the confusion matrix of classes apply (argmax of soft labels). */
  public boolean hasClasses() {
    return !lossOnly && (kind == DataSpec.Target.LABEL || kind == DataSpec.Target.SOFT);
  }

  /**
   * The scores beside class accuracy this target gets, or null when there are none: regression
   * scores, multi-label scores, or for two classes AUC and Brier.
   *
   * @param probabilities whether the network outputs probabilities (softmax or sigmoid), not raw
   *     scores: the multi-label threshold is 0.5 then, else 0 (a hinge head's margin)
   */
  public TargetMetrics newMetrics(boolean probabilities) {
    if (lossOnly) {
      return null;
    }
    return switch (kind) {
      case REGRESSION -> new RegressionMetrics(numClasses);
      case MULTI_LABEL -> new MultiLabelMetrics(names, probabilities ? 0.5 : 0.0);
      case LABEL, SOFT -> numClasses == 2 ? new BinaryMetrics(probabilities) : null;
      case INPUT -> null;
      case NEXT_STEP -> new Perplexity();
    };
  }

  /** The number of output units a network needs for this target. */
  public int outputs(int numFeatures) {
    return reconstruct ? numFeatures : numClasses;
  }
}
