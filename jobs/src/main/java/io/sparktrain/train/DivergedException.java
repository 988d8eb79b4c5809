package io.sparktrain.train;

import io.sparktrain.spec.TrainingException;

/**
 * The averaged training loss became NaN or infinite: the epoch's result is worthless. The trainer
 * rolls back from it when the spec says {@code onDivergence: rollback}; otherwise it ends the run
 * with exit code 4.
 */
public final class DivergedException extends TrainingException {

  private static final long serialVersionUID = 1L;

  /**
   * @param loss the mean loss found
   * @param epoch zero-based epoch
   * @param round zero-based averaging round
   */
  public DivergedException(double loss, int epoch, int round) {
    super(String.format("training diverged: mean loss %s in epoch %d, round %d; lower "
        + "optimizer.learningRate, check the data scaling, or set training.onDivergence: "
        + "rollback", loss, epoch + 1, round + 1));
  }
}
