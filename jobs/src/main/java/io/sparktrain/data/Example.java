package io.sparktrain.data;

import java.io.Serializable;

/**
 * One labelled example as it travels through Spark.
 *
 * @param index position in its source (row or record number); drives the seeded splits
 * @param features feature values, images flattened row-major
 * @param label class index in [0, number of classes); -1 when the example has {@code targets}
 *     instead
 * @param targets the values the network learns to output when they are not one class
 *     ({@code data.target}: a probability vector, 0/1 per label, or real numbers); null for a
 *     class label
 */
public record Example(long index, float[] features, int label, float[] targets)
    implements Serializable {

  /** An example whose target is its class. */
  public Example(long index, float[] features, int label) {
    this(index, features, label, null);
  }

  /** This example with other features, the same target. */
  public Example withFeatures(float[] other) {
    return new Example(index, other, label, targets);
  }
}
