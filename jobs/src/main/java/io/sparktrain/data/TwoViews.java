package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two augmented views of each image, for self-supervised learning (Barlow Twins, Zbontar et al.
 * 2021): each example's features are {@code [view1 | view2]}, each view the image shifted by a
 * random whole number of pixels in each direction (the uncovered border black, as a random crop
 * with padding gives it) plus Gaussian noise, clipped to [0, 1]. The label stays the image's
 * class, for a linear probe; the self-supervised loss never reads it. The views depend only on
 * the seed and the example's index.
 *
 * @param side the images' width and height in pixels (28 for MNIST); images are square
 * @param maxShift the largest shift in pixels, in each direction, &gt;= 0
 * @param noise the standard deviation of the added noise, &gt;= 0
 */
public record TwoViews(int side, int maxShift, double noise) {

  public TwoViews {
    if (side < 1 || maxShift < 0 || maxShift >= side || !(noise >= 0)) {
      throw new IllegalArgumentException("views: need side >= 1, 0 <= maxShift < side and "
          + "noise >= 0, found side " + side + ", maxShift " + maxShift + ", noise " + noise);
    }
  }

  /** Every image of {@code images} as a pair of views. */
  public List<Example> of(List<Example> images, long seed) {
    return images.stream().map(e -> {
      SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e.index());
      return e.withFeatures(DigitPairs.concat(view(e.features(), random),
          view(e.features(), random)));
    }).toList();
  }

  /** One view of {@code image}: shifted, noised, clipped. */
  float[] view(float[] image, SplittableRandom random) {
    if (image.length != side * side) {
      throw new DataException("views: an image has " + image.length + " values, a " + side + "x"
          + side + " image " + side * side);
    }
    int dx = random.nextInt(2 * maxShift + 1) - maxShift;
    int dy = random.nextInt(2 * maxShift + 1) - maxShift;
    float[] out = new float[image.length];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int sx = x - dx;
        int sy = y - dy;
        float v = sx >= 0 && sx < side && sy >= 0 && sy < side ? image[sy * side + sx] : 0f;
        out[y * side + x] = (float) Math.min(1, Math.max(0, v + noise * gaussian(random)));
      }
    }
    return out;
  }

  /** A standard normal draw (Box-Muller): SplittableRandom has none. */
  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
