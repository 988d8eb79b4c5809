package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pairs of images for a Siamese network (Hadsell et al. 2006): each example's features are two
 * images side by side, {@code [first | second]}, and its label is 1 when both show the same class
 * and 0 when not. Even positions are same-class pairs and odd ones different-class pairs, so the
 * two kinds are balanced exactly; which images are drawn depends only on the seed and the
 * position, so the pairs are the same however they are later partitioned.
 */
public final class DigitPairs {

  /** The label of a pair whose images show the same class. */
  public static final int SAME = 1;
  /** The label of a pair whose images show different classes. */
  public static final int DIFFERENT = 0;

  private DigitPairs() {}

  /**
   * {@code count} pairs drawn from {@code images}.
   *
   * @param images labelled examples, every class with at least two of them, at least two classes
   * @throws DataException if a class has fewer than two images or there is only one class
   */
  public static List<Example> of(List<Example> images, int count, long seed) {
    List<List<Example>> byClass = byClass(images);
    List<Example> pairs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
      int first = random.nextInt(byClass.size());
      boolean same = i % 2 == 0;
      int second = same ? first : (first + 1 + random.nextInt(byClass.size() - 1)) % byClass.size();
      List<Example> a = byClass.get(first);
      List<Example> b = byClass.get(second);
      int ia = random.nextInt(a.size());
      int ib = random.nextInt(b.size() - (same ? 1 : 0));
      if (same && ib >= ia) {
        ib++; // never an image paired with itself
      }
      pairs.add(new Example(i, concat(a.get(ia).features(), b.get(ib).features()),
          same ? SAME : DIFFERENT));
    }
    return pairs;
  }

  /** {@code [a | b]}. */
  static float[] concat(float[] a, float[] b) {
    float[] both = new float[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static List<List<Example>> byClass(List<Example> images) {
    int classes = images.stream().mapToInt(Example::label).max().orElse(-1) + 1;
    List<List<Example>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(new ArrayList<>());
    }
    for (Example e : images) {
      byClass.get(e.label()).add(e);
    }
    byClass.removeIf(List::isEmpty);
    for (List<Example> members : byClass) {
      if (members.size() < 2) {
        throw new DataException("pairs: class " + members.get(0).label()
            + " has 1 image, a same-class pair needs at least 2");
      }
    }
    if (byClass.size() < 2) {
      throw new DataException("pairs: the images hold " + byClass.size()
          + " class, a different-class pair needs at least 2");
    }
    return byClass;
  }
}
