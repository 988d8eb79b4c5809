package io.sparktrain.spec;

/**
 * The validation score a stopping or rate rule watches after every epoch. YAML:
 * {@code validation-loss} or {@code validation-accuracy}.
 */
public enum Monitor {
  /** Mean loss on the validation split: lower is better. */
  VALIDATION_LOSS,
  /** Accuracy on the validation split: higher is better. */
  VALIDATION_ACCURACY;

  /** Whether a higher value of this score is the better one. */
  public boolean higherIsBetter() {
    return this == VALIDATION_ACCURACY;
  }
}
