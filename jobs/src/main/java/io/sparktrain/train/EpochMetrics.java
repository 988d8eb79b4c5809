package io.sparktrain.train;

/**
 * One line of {@code metrics.jsonl}: what an epoch did and how the model stands after it.
 *
 * @param epoch one-based epoch number
 * @param epochs epochs planned
 * @param iteration global iteration count at the end of the epoch
 * @param trainLoss mean loss per example the replicas saw while training this epoch
 * @param validationLoss mean loss on the validation split after the epoch
 * @param trainAccuracy accuracy on a fixed sample of the training split (at most
 *     {@link Trainer#TRAIN_SAMPLE} examples) after the epoch
 * @param validationAccuracy accuracy on the validation split after the epoch
 * @param learningRate learning rate in effect at the end of the epoch
 * @param samplesPerSecond training examples per second over all workers, evaluation excluded
 * @param seconds wall-clock seconds of the epoch, evaluation included
 * @param accuracyGap train accuracy minus validation accuracy: large and growing is
 *     over-fitting, both low is under-fitting
 * @param lossGap validation loss minus the loss on the same training sample, both after the
 *     epoch
 * @param batchSize examples per step per worker in this epoch ({@code training.batchSchedule})
 * @param validationScores the target's own scores on the validation split by name (rmse, r2,
 *     subsetAccuracy, macroF1, f1.LABEL, auc, brier); empty or null when it has none
 */
public record EpochMetrics(
    int epoch,
    int epochs,
    long iteration,
    double trainLoss,
    double validationLoss,
    double trainAccuracy,
    double validationAccuracy,
    double learningRate,
    double samplesPerSecond,
    double seconds,
    double accuracyGap,
    double lossGap,
    int batchSize,
    java.util.Map<String, Double> validationScores) {

  /** An epoch whose target has no scores beyond loss and accuracy. */
  public EpochMetrics(int epoch, int epochs, long iteration, double trainLoss,
      double validationLoss, double trainAccuracy, double validationAccuracy, double learningRate,
      double samplesPerSecond, double seconds, double accuracyGap, double lossGap, int batchSize) {
    this(epoch, epochs, iteration, trainLoss, validationLoss, trainAccuracy, validationAccuracy,
        learningRate, samplesPerSecond, seconds, accuracyGap, lossGap, batchSize, null);
  }
}
