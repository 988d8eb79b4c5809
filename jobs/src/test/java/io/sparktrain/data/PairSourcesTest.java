package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DigitPairs and TwoViews: labels that say what the pair holds, balance, seeds, bounds. */
class PairSourcesTest {

  /** 3 classes x 4 images of 2x2 pixels, each image's pixels all equal to a unique value. */
  private static List<Example> images() {
    List<Example> images = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      float v = i / 12f;
      images.add(new Example(i, new float[] {v, v, v, v}, i % 3));
    }
    return images;
  }

  @Test
  void pairsAreLabelledByWhetherTheirImagesShareAClassAndBalanced() {
    List<Example> images = images();
    List<Example> pairs = DigitPairs.of(images, 200, 5);
    int same = 0;
    for (Example pair : pairs) {
      int first = Math.round(pair.features()[0] * 12);
      int second = Math.round(pair.features()[4] * 12);
      assertEquals(first % 3 == second % 3 ? DigitPairs.SAME : DigitPairs.DIFFERENT, pair.label());
      assertTrue(first != second, "an image is never paired with itself");
      same += pair.label();
    }
    assertEquals(100, same);
  }

  @Test
  void pairsDependOnlyOnTheSeed() {
    List<Example> a = DigitPairs.of(images(), 50, 7);
    List<Example> b = DigitPairs.of(images(), 50, 7);
    List<Example> c = DigitPairs.of(images(), 50, 8);
    for (int i = 0; i < 50; i++) {
      assertArrayEquals(a.get(i).features(), b.get(i).features());
    }
    assertFalse(Arrays.equals(a.stream().map(e -> e.features()[0]).toArray(),
        c.stream().map(e -> e.features()[0]).toArray()));
  }

  @Test
  void rejectsAClassWithOneImage() {
    List<Example> images = new ArrayList<>(images());
    images.add(new Example(99, new float[4], 5));
    DataException e = assertThrows(DataException.class, () -> DigitPairs.of(images, 4, 1));
    assertEquals("pairs: class 5 has 1 image, a same-class pair needs at least 2",
        e.getMessage());
  }

  @Test
  void viewsAreShiftedNoisedCopiesInRangeWithTheImagesLabel() {
    float[] image = new float[49];
    image[3 * 7 + 3] = 1f; // one bright pixel in the middle
    Example source = new Example(4, image, 6);
    Example both = new TwoViews(7, 2, 0.0).of(List.of(source), 3).get(0);
    assertEquals(6, both.label());
    assertEquals(98, both.features().length);
    for (int view = 0; view < 2; view++) {
      float sum = 0;
      int at = -1;
      for (int p = 0; p < 49; p++) {
        sum += both.features()[view * 49 + p];
        at = both.features()[view * 49 + p] == 1f ? p : at;
      }
      assertEquals(1f, sum, "a shift of at most 2 keeps the middle pixel inside");
      assertTrue(Math.abs(at / 7 - 3) <= 2 && Math.abs(at % 7 - 3) <= 2, "shifted " + at);
    }
    Example noisy = new TwoViews(7, 0, 0.3).of(List.of(source), 3).get(0);
    for (float v : noisy.features()) {
      assertTrue(v >= 0f && v <= 1f, "clipped to [0, 1]: " + v);
    }
    assertFalse(Arrays.equals(Arrays.copyOf(noisy.features(), 49),
        Arrays.copyOfRange(noisy.features(), 49, 98)), "two draws of noise");
    assertArrayEquals(noisy.features(),
        new TwoViews(7, 0, 0.3).of(List.of(source), 3).get(0).features());
  }
}
