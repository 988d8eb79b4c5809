package io.sparktrain.train;

import java.io.Serializable;

/**
 * What a network is trained to output for an example: its class, one-hot over {@code numClasses},
 * or the example's own features (an autoencoder reconstructs its input).
 *
 * @param numClasses classes of the labels, &gt;= 2 (kept for reconstruction too: the data set's
 *     labels still exist, they are just not the target)
 * @param reconstruct whether the target is the input instead of the label
 */
public record Target(int numClasses, boolean reconstruct) implements Serializable {

  public Target {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, found " + numClasses);
    }
  }

  /** One-hot labels over {@code numClasses} classes. */
  public static Target classes(int numClasses) {
    return new Target(numClasses, false);
  }

  /** The number of output units a network needs for this target. */
  public int outputs(int numFeatures) {
    return reconstruct ? numFeatures : numClasses;
  }
}
