package io.sparktrain.data;

import org.apache.spark.api.java.JavaRDD;

/**
 * A data set ready for training: three cached, scaled splits on the executors, the training split
 * with one partition per worker.
 *
 * @param imageShape [height, width, channels] for images, null for flat feature vectors
 * @param fingerprint SHA-256 over the source files and the split and scaling settings, so that a
 *     run records exactly which examples it saw
 */
public record LabeledData(
    JavaRDD<Example> train,
    JavaRDD<Example> validation,
    JavaRDD<Example> test,
    long trainCount,
    long validationCount,
    long testCount,
    int numFeatures,
    int numClasses,
    int[] imageShape,
    String fingerprint) {

  /** Releases the cached splits. */
  public void unpersist() {
    train.unpersist(false);
    validation.unpersist(false);
    test.unpersist(false);
  }
}
