package io.sparktrain.data;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * MNIST read as two images per example, for the pair networks: {@code mnist-pairs} (same digit
 * or not, {@link DigitPairs}) and {@code mnist-views} (two augmented views of one image,
 * {@link TwoViews}). Both keep MNIST's own test set, turned the same way.
 */
final class PairSources {

  /**
   * The views' augmentation: shifts of up to 2 pixels each way and noise of standard deviation
   * 0.1 on pixels in [0, 1], the crop-and-noise family of Zbontar et al. 2021 scaled to 28x28
   * digits (a larger shift moves strokes off the image).
   */
  static final TwoViews VIEWS = new TwoViews(28, 2, 0.1);
  private static final float[] UNIT_PIXELS = {0f, 1f};

  private PairSources() {}

  /**
   * As many pairs as {@code mnist} has images, train and test each drawn from their own images
   * (seeded by {@code seed}). Pairing needs every image of a class at hand, so the images are
   * gathered on the driver: {@code data.limit} keeps a large training set small (60,000 images
   * are 188 MB of floats).
   */
  static RawSource pairs(JavaSparkContext sc, RawSource mnist, long seed, int partitions) {
    return new RawSource(pairsOf(sc, mnist.examples(), seed, partitions),
        pairsOf(sc, mnist.test(), seed + 1, partitions), null, 2 * mnist.numFeatures(),
        2, null, mnist.knownRange(), mnist.files());
  }

  private static JavaRDD<Example> pairsOf(JavaSparkContext sc, JavaRDD<Example> images,
      long seed, int partitions) {
    List<Example> all = images.collect();
    return sc.parallelize(DigitPairs.of(all, all.size(), seed), partitions);
  }

  /**
   * Every image as two views, pixels scaled to [0, 1] first (the noise is in those units), each
   * view drawn from {@code seed} and the image's index.
   */
  static RawSource views(RawSource mnist, long seed) {
    return new RawSource(views(mnist.examples(), mnist.knownRange(), seed),
        views(mnist.test(), mnist.knownRange(), seed + 1), null, 2 * mnist.numFeatures(),
        mnist.numClasses(), null, UNIT_PIXELS, mnist.files());
  }

  private static JavaRDD<Example> views(JavaRDD<Example> images, float[] range, long seed) {
    float max = range[1];
    return images.map(e -> {
      float[] unit = new float[e.features().length];
      for (int i = 0; i < unit.length; i++) {
        unit[i] = e.features()[i] / max;
      }
      return VIEWS.of(List.of(e.withFeatures(unit)), seed).get(0);
    });
  }
}
