package io.sparktrain.data;

/**
 * The symbols of the character sources: a start and an end marker, then the hyphen and the 26
 * lower-case letters, the characters the English first-name lists use once lowercased. A fixed
 * alphabet rather than one counted from the data, so that a model's output units and the
 * sampler's decoding never depend on which names a split happened to hold.
 */
public final class CharacterAlphabet {

  /** The id of the start marker, each sequence's first step; the sampler starts from it. */
  public static final int START = 0;
  /** The id of the end marker, each sequence's last target; the sampler stops at it. */
  public static final int END = 1;

  private static final String SYMBOLS = "-abcdefghijklmnopqrstuvwxyz";

  private CharacterAlphabet() {}

  /** Symbols in all, the markers included: the width of a one-hot step and of the output. */
  public static int size() {
    return 2 + SYMBOLS.length();
  }

  /** The id of {@code c}; -1 when the alphabet lacks it. */
  public static int id(char c) {
    int at = SYMBOLS.indexOf(c);
    return at < 0 ? -1 : 2 + at;
  }

  /**
   * The text of ids, markers left out.
   *
   * @throws IllegalArgumentException for an id outside the alphabet
   */
  public static String decode(int[] ids) {
    StringBuilder text = new StringBuilder();
    for (int id : ids) {
      if (id < 0 || id >= size()) {
        throw new IllegalArgumentException("not a symbol id: " + id);
      }
      if (id != START && id != END) {
        text.append(SYMBOLS.charAt(id - 2));
      }
    }
    return text.toString();
  }
}
