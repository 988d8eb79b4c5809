package io.sparktrain.spec;

/**
 * The validation score a stopping or rate rule watches after every epoch. YAML:
 * {@code validation-loss}, {@code validation-accuracy}, or a score of the data's target kind
 * ({@link TargetKinds#monitorFits}): {@code validation-rmse}, {@code validation-mae},
 * {@code validation-r2} (regression), {@code validation-subset-accuracy},
 * {@code validation-macro-f1} (multi-label), {@code validation-auc}, {@code validation-brier}
 * (two classes).
 */
public enum Monitor {
  /** Mean loss on the validation split: lower is better. */
  VALIDATION_LOSS("loss", false),
  /** Accuracy on the validation split: higher is better. */
  VALIDATION_ACCURACY("accuracy", true),
  VALIDATION_RMSE("rmse", false),
  VALIDATION_MAE("mae", false),
  VALIDATION_R2("r2", true),
  VALIDATION_SUBSET_ACCURACY("subsetAccuracy", true),
  VALIDATION_MACRO_F1("macroF1", true),
  VALIDATION_AUC("auc", true),
  VALIDATION_BRIER("brier", false);

  private final String score;
  private final boolean higherIsBetter;

  Monitor(String score, boolean higherIsBetter) {
    this.score = score;
    this.higherIsBetter = higherIsBetter;
  }

  /** Whether a higher value of this score is the better one. */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** The score's name in metrics.jsonl's {@code validationScores} and run.json. */
  public String score() {
    return score;
  }
}
