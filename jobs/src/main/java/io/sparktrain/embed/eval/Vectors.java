package io.sparktrain.embed.eval;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * Word vectors as the evaluation sees them, independent of the trainer that made them. All
 * vectors have the same length.
 */
public interface Vectors {

  /**
   * The vector of {@code word}; callers may not modify it.
   *
   * @throws IllegalArgumentException if the word is not in the vocabulary
   */
  float[] vector(String word);

  /** Whether {@code word} has a vector. */
  boolean contains(String word);

  /**
   * Every word with a vector, most frequent first (the order word2vec files are written in):
   * analogy answers are searched among the first words of this list only.
   */
  List<String> vocabulary();

  /**
   * Vectors held in a map whose iteration order is the frequency order.
   *
   * @throws IllegalArgumentException if the map is empty or the vectors differ in length
   */
  static Vectors of(LinkedHashMap<String, float[]> byFrequency) {
    return new MapVectors(byFrequency);
  }
}
