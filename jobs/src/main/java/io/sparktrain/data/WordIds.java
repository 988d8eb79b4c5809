package io.sparktrain.data;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Texts as fixed-length rows of word ids, the input of an embedding layer. Id 0 pads a short text
 * and id 1 stands for a word outside the vocabulary; the vocabulary's i-th word is id i + 2, so
 * that row i + 2 of an embedding matrix is that word's vector.
 */
public final class WordIds implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final int PADDING = 0;
  public static final int UNKNOWN = 1;
  /** Ids before the vocabulary's first word. */
  public static final int RESERVED = 2;

  private final Map<String, Integer> ids;
  private final int length;
  private final boolean padFront;

  /** Ids padded after the words. */
  public WordIds(List<String> vocabulary, int length) {
    this(vocabulary, length, false);
  }

  /**
   * @param vocabulary the words, distinct, in the order of the vectors they come with
   * @param length ids per text: longer texts are cut, shorter ones padded
   * @param padFront whether the padding goes before the words rather than after them
   */
  public WordIds(List<String> vocabulary, int length, boolean padFront) {
    this.ids = new HashMap<>(vocabulary.size() * 2);
    for (int i = 0; i < vocabulary.size(); i++) {
      ids.put(vocabulary.get(i), i + RESERVED);
    }
    this.length = length;
    this.padFront = padFront;
  }

  /** Rows an embedding over the ids of a vocabulary of {@code words} words needs. */
  public static int rows(int words) {
    return words + RESERVED;
  }

  public int length() {
    return length;
  }

  /**
   * The first {@link #length()} words of the text as ids, padded with {@link #PADDING} after them,
   * or before them when so constructed.
   */
  public float[] encode(String text) {
    float[] row = new float[length];
    int n = 0;
    for (String token : (Iterable<String>) Corpus.tokens(text)::iterator) {
      if (n == length) {
        break;
      }
      row[n++] = ids.getOrDefault(token, UNKNOWN);
    }
    if (padFront && n < length) {
      System.arraycopy(row, 0, row, length - n, n);
      java.util.Arrays.fill(row, 0, length - n, PADDING);
    }
    return row;
  }
}
