package io.sparktrain.train;

/**
 * Engine settings that come from the job spec.
 *
 * @param batchSize examples per step per worker, &gt;= 1
 * @param averagingFrequency steps each worker takes between averagings, &gt;= 1
 * @param numClasses number of classes of the labels
 * @param seed job seed, from which per-epoch shuffles derive
 * @param shuffle whether every epoch visits each shard in a new seeded order
 */
public record EngineOptions(
    int batchSize, int averagingFrequency, int numClasses, long seed, boolean shuffle) {

  public EngineOptions {
    if (batchSize < 1 || averagingFrequency < 1 || numClasses < 2) {
      throw new IllegalArgumentException("batchSize and averagingFrequency must be >= 1 and "
          + "numClasses >= 2, found " + batchSize + ", " + averagingFrequency + ", " + numClasses);
    }
  }
}
