package io.sparktrain.embed.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * (adjective, opposite) pairs from WordNet's antonym pointers ({@code !}) between adjective words,
 * each pair in both directions ({@code hot : cold} and {@code cold : hot}), since an opposite is
 * its opposite's opposite. Only pairs of two single-token lemmas count.
 */
final class AntonymPairs {

  private static final String ANTONYM = "!";

  private AntonymPairs() {}

  /** The pairs of the adjective synsets of {@code synsets}, sorted. */
  static List<WordPair> mine(List<Synset> synsets) {
    Map<String, Synset> adjectives = new HashMap<>();
    for (Synset synset : synsets) {
      if (synset.wordClass() == 'a') {
        adjectives.put(synset.offset(), synset);
      }
    }
    Set<WordPair> pairs = new TreeSet<>();
    for (Synset synset : adjectives.values()) {
      for (Synset.Pointer pointer : synset.pointers()) {
        Synset target = adjectives.get(pointer.targetOffset());
        if (!pointer.symbol().equals(ANTONYM) || target == null || pointer.sourceWord() == 0
            || pointer.targetWord() == 0) {
          continue;
        }
        String word = word(synset, pointer.sourceWord());
        String opposite = word(target, pointer.targetWord());
        if (word != null && opposite != null && !word.equals(opposite)) {
          pairs.add(new WordPair(word, opposite));
          pairs.add(new WordPair(opposite, word));
        }
      }
    }
    return List.copyOf(pairs);
  }

  /** The 1-based {@code number}th word of {@code synset} as a single token, or null. */
  private static String word(Synset synset, int number) {
    return number <= synset.words().size() ? Synset.singleToken(synset.words().get(number - 1))
        : null;
  }
}
