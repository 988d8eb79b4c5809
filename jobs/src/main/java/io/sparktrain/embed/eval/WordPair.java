package io.sparktrain.embed.eval;

import java.util.Comparator;

/**
 * Two different words, in a fixed order.
 *
 * @param first the first word
 * @param second the second word, different from the first
 */
public record WordPair(String first, String second) implements Comparable<WordPair> {

  private static final Comparator<WordPair> ORDER =
      Comparator.comparing(WordPair::first).thenComparing(WordPair::second);

  /** Rejects a pair of one word twice. */
  public WordPair {
    if (first.equals(second)) {
      throw new IllegalArgumentException("a pair needs two different words, found " + first + " twice");
    }
  }

  /** The same two words in alphabetical order, so that a pair and its reverse are equal. */
  public static WordPair unordered(String a, String b) {
    return a.compareTo(b) <= 0 ? new WordPair(a, b) : new WordPair(b, a);
  }

  @Override
  public int compareTo(WordPair other) {
    return ORDER.compare(this, other);
  }

  /** {@code first second}. */
  @Override
  public String toString() {
    return first + " " + second;
  }
}
