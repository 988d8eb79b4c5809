package io.sparktrain.data;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * The multi-label task {@code mnist-attributes}: each MNIST image with three 0/1 attributes of
 * its digit, as the network's targets. The attributes overlap (4 is even and not prime, 5 is
 * greater than 4 and prime, 2 is even and prime), so no softmax over them fits: each is a
 * sigmoid output of its own. Derived from the digit alone, so the task is as deterministic as
 * MNIST itself; the digit stays as the example's label.
 */
public final class DigitAttributes {

  /** The attributes, in the order of the target columns. */
  public static final List<String> NAMES = List.of("even", "greater-than-4", "prime");

  private DigitAttributes() {}

  /** The attributes of digit {@code d}, 0 or 1 each, in the order of {@link #NAMES}. */
  public static float[] of(int d) {
    boolean prime = d == 2 || d == 3 || d == 5 || d == 7;
    return new float[] {d % 2 == 0 ? 1f : 0f, d > 4 ? 1f : 0f, prime ? 1f : 0f};
  }

  /** {@code mnist} with the attributes as targets: three outputs instead of ten classes. */
  static RawSource of(RawSource mnist) {
    return new RawSource(withAttributes(mnist.examples()), withAttributes(mnist.test()),
        mnist.validation() == null ? null : withAttributes(mnist.validation()),
        mnist.numFeatures(), NAMES.size(), mnist.imageShape(), mnist.knownRange(),
        mnist.files());
  }

  private static JavaRDD<Example> withAttributes(JavaRDD<Example> examples) {
    return examples.map(e -> new Example(e.index(), e.features(), e.label(), of(e.label())));
  }
}
