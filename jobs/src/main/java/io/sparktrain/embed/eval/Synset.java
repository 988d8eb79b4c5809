package io.sparktrain.embed.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One WordNet synset as read from a {@code data.*} file: its byte offset (the synset's id within
 * its file), part of speech, the words of the synset as WordNet writes them ({@code Buenos_Aires},
 * {@code capital_of_France}; adjective markers such as {@code (p)} removed) and its gloss.
 *
 * @param offset the eight-digit synset offset
 * @param partOfSpeech {@code n}, {@code v}, {@code a}, {@code s} (adjective satellite) or {@code r}
 * @param words the synset's words in WordNet's order, never empty
 * @param gloss the definition and its quoted examples, the text after {@code |}
 * @param pointers the synset's pointers to other synsets and words, in file order
 */
public record Synset(String offset, char partOfSpeech, List<String> words, String gloss,
    List<Pointer> pointers) {

  /**
   * One WordNet pointer: {@code symbol offset pos source/target}.
   *
   * @param symbol the relation, e.g. {@code !} antonym, {@code \\} pertainym, {@code @} hypernym
   * @param targetOffset the target synset's offset within the file of its part of speech
   * @param targetPartOfSpeech the target's part of speech
   * @param sourceWord the 1-based word of this synset the pointer starts from; 0 for the synset
   * @param targetWord the 1-based word of the target synset; 0 for the synset
   */
  public record Pointer(String symbol, String targetOffset, char targetPartOfSpeech,
      int sourceWord, int targetWord) {}

  /**
   * Lemmas shorter than this are left out: WordNet's one- and two-letter lemmas are mostly
   * abbreviations (he = helium, in = inch, us = United States) whose corpus tokens are function
   * words, so they would test grammar rather than meaning.
   */
  public static final int MIN_LEMMA_LENGTH = 3;

  private static final Pattern LETTERS = Pattern.compile("[a-z]+");

  /** Validates and copies the words. */
  public Synset {
    words = List.copyOf(words);
    pointers = List.copyOf(pointers);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("synset " + offset + " has no words");
    }
  }

  /** A synset without pointers. */
  public Synset(String offset, char partOfSpeech, List<String> words, String gloss) {
    this(offset, partOfSpeech, words, gloss, List.of());
  }

  /**
   * Adjectives and their satellites form one part of speech for the evaluation: WordNet files both
   * in {@code data.adj}, and a satellite is an adjective clustered around a head.
   */
  public char wordClass() {
    return partOfSpeech == 's' ? 'a' : partOfSpeech;
  }

  /**
   * The synset's words that are one plain token of a corpus: lowercased, letters only, at least
   * {@link #MIN_LEMMA_LENGTH} long; multiword ({@code _}), hyphenated, apostrophe and digit forms
   * are dropped. In WordNet's order, without repeats ({@code Paris} and {@code paris} collapse).
   */
  public List<String> singleTokenLemmas() {
    List<String> lemmas = new ArrayList<>();
    for (String word : words) {
      String lemma = singleToken(word);
      if (lemma != null && !lemmas.contains(lemma)) {
        lemmas.add(lemma);
      }
    }
    return lemmas;
  }

  /** {@code word} lowercased if it is a plain single token (see {@link #singleTokenLemmas()}), else null. */
  static String singleToken(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    return lower.length() >= MIN_LEMMA_LENGTH && LETTERS.matcher(lower).matches() ? lower : null;
  }
}
