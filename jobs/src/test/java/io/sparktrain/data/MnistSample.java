package io.sparktrain.data;


import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first images of the real MNIST files in the data cache, scaled to [0, 1], for tests whose
 * claim is about learning; MNIST is fetched into the cache first if it is not
 * there ({@code sparktrain data fetch mnist}).
 */
public final class MnistSample {

  private MnistSample() {}

  /** Images {@code [from, to)} of the training file ({@code train}) or the test file. */
  public static List<Example> images(boolean train, int from, int to) {
    DataCache cache = DataCache.fromEnvironment();
    cache.ensure("mnist");
    return DigitImages.read(cache, train, from, to);
  }

  /** The examples' features, one row each. */
  public static INDArray features(List<Example> examples) {
    return Nd4j.create(examples.stream().map(Example::features).toArray(float[][]::new));
  }

  /** The examples' class labels. */
  public static int[] labels(List<Example> examples) {
    return examples.stream().mapToInt(Example::label).toArray();
  }
}
