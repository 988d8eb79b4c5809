package io.sparktrain.spec;

import io.sparktrain.spec.DataSpec.Target;
import io.sparktrain.spec.LayerSpec.Loss;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What each {@code data.target} kind needs from the data spec and which output losses fit it.
 * One table, used by {@link DataSpec} and {@link JobSpec}, so a record built in code and one read
 * from YAML follow the same rules.
 */
public final class TargetKinds {

  /**
   * The losses that make sense for each kind. A class label takes any output loss (the seed's
   * behaviour); soft labels are probability vectors (cross-entropy or squared error); multi-label
   * targets are independent 0/1 outputs (binary cross-entropy, one-vs-rest hinge, squared error);
   * a regression target is a real number (mse, mae, huber); a next step is one class per step,
   * whose per-step cross-entropy perplexity is computed from.
   */
  private static final Map<Target, Set<Loss>> LOSSES = Map.of(
      Target.SOFT, EnumSet.of(Loss.MCXENT, Loss.NEGATIVELOGLIKELIHOOD, Loss.MSE),
      Target.MULTI_LABEL, EnumSet.of(Loss.XENT, Loss.HINGE, Loss.SQUARED_HINGE, Loss.MSE),
      Target.REGRESSION, EnumSet.of(Loss.MSE, Loss.MAE, Loss.HUBER),
      Target.NEXT_STEP, EnumSet.of(Loss.MCXENT, Loss.NEGATIVELOGLIKELIHOOD));

  /** The registered sources whose targets come from CSV columns, where targetColumns applies. */
  private static final Set<DataSource> CSV_SOURCES =
      EnumSet.of(DataSource.DIGITS, DataSource.IRIS, DataSource.WINE, DataSource.BREAST_CANCER);

  private TargetKinds() {}

  /** Whether an output layer with {@code loss} can learn a target of kind {@code target}. */
  public static boolean fits(Target target, Loss loss) {
    return target == null || loss == null || !LOSSES.containsKey(target)
        || LOSSES.get(target).contains(loss);
  }

  /** The rule a misfit loss breaks, for its problem line. */
  public static String lossRule(Target target, Loss loss) {
    return "loss " + YamlNames.of(loss) + " does not fit data.target " + YamlNames.of(target)
        + "; use one of " + LOSSES.get(target).stream().map(YamlNames::of).toList();
  }

  /**
   * Whether the data's target kind has the score {@code monitor} watches: loss always, accuracy
   * for classes, the others for their kind ({@code auc} and {@code brier} need two classes, which
   * only the data tells, so they are allowed for every class target and NaN otherwise).
   */
  public static boolean monitorFits(Target target, Monitor monitor) {
    if (target == null || monitor == null) {
      return true;
    }
    return switch (monitor) {
      case VALIDATION_LOSS -> true;
      case VALIDATION_ACCURACY, VALIDATION_AUC, VALIDATION_BRIER ->
          target == Target.LABEL || target == Target.SOFT;
      case VALIDATION_RMSE, VALIDATION_MAE, VALIDATION_R2 -> target == Target.REGRESSION;
      case VALIDATION_SUBSET_ACCURACY, VALIDATION_MACRO_F1 -> target == Target.MULTI_LABEL;
    };
  }

  /** Adds the problems of the target fields of a data spec to {@code checks}. */
  static void check(Checks checks, String source, Target target, List<Integer> classes,
      List<Integer> targetColumns) {
    if (target == null) {
      return;
    }
    String kind = YamlNames.of(target);
    boolean derived = DataSource.MNIST_ATTRIBUTES.yamlName().equals(source);
    boolean series = DataSpec.isSeriesSource(source);
    boolean characters = DataSpec.isCharacterSource(source);
    boolean fromCsv = DataSpec.CSV.equals(source) || DataSource.named(source)
        .map(CSV_SOURCES::contains).orElse(false);
    checks.check(target.isVector() || targetColumns == null, "targetColumns",
        "only for target soft, multi-label or regression, found target " + kind)
        .check(!target.isVector() || classes == null, "classes",
            "selects class labels, which target " + kind + " has none of")
        .check(targetColumns == null || (targetColumns.stream().allMatch(Objects::nonNull)
                && targetColumns.stream().distinct().count() == targetColumns.size()),
            "targetColumns", "must list distinct column numbers, found " + targetColumns)
        .check(!derived || target == Target.MULTI_LABEL || target == Target.LABEL, "target",
            "source mnist-attributes has multi-label targets (even, greater than 4, prime), "
                + "found " + kind)
        .check(!series || target == Target.REGRESSION, "target",
            "source " + source + " forecasts the next value of its series, a regression target, "
                + "found " + kind)
        .check(characters == (target == Target.NEXT_STEP) || source == null, "target",
            characters ? "source " + source + " is read as character sequences, whose target is "
                + "each step's next character (next-step), found " + kind
                : "next-step is the target of a character source (" + String.join(", ",
                    DataSource.names().stream().filter(DataSpec::isCharacterSource).toList())
                + "), found source " + source)
        .check(!series || targetColumns == null, "targetColumns",
            "source " + source + " forecasts the step after each window; it has no columns")
        .check(source == null || !target.isVector() || fromCsv || derived || series, "target",
            "source " + source + " has class labels only; " + kind + " targets come from CSV "
                + "columns (data.targetColumns)")
        .check(!fromCsv || !(target == Target.SOFT || target == Target.MULTI_LABEL)
                || (targetColumns != null && targetColumns.size() >= DataSpec.MIN_CLASSES),
            "targetColumns", "target " + kind + " needs at least " + DataSpec.MIN_CLASSES
                + " columns, one per " + (target == Target.SOFT ? "class" : "label")
                + ", found " + targetColumns)
        .check(!derived || targetColumns == null, "targetColumns",
            "source mnist-attributes derives its targets from the digit");
  }
}
