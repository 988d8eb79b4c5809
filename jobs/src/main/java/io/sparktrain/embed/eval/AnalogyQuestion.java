package io.sparktrain.embed.eval;

import java.util.List;

/**
 * An analogy question {@code a : b :: c : expected}, e.g. {@code paris : france :: lima : peru},
 * with four different words.
 *
 * @param a the first word of the example pair
 * @param b the second word of the example pair
 * @param c the first word of the question pair
 * @param expected the answer
 */
public record AnalogyQuestion(String a, String b, String c, String expected) {

  /** Rejects a question that repeats a word (its answer would be excluded from the search). */
  public AnalogyQuestion {
    if (List.of(a, b, c, expected).stream().distinct().count() != 4) {
      throw new IllegalArgumentException("an analogy needs four different words: " + a + " " + b
          + " " + c + " " + expected);
    }
  }

  /** The four words, {@code a b c expected}. */
  public List<String> words() {
    return List.of(a, b, c, expected);
  }

  /** {@code a b c expected}, the line format of {@code analogies.txt}. */
  @Override
  public String toString() {
    return String.join(" ", words());
  }
}
