package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Controls have the part of speech of their synset and the frequency of the word they stand for:
 * a vocabulary where nouns and verbs alternate in rank, with one synonym pair of each class.
 */
class FrequencyMatchedSynonymsTest {

  /** noun0 verb0 noun1 verb1 ... noun59 verb59, most frequent first. */
  private static final List<String> VOCABULARY = vocabulary();

  private static List<String> vocabulary() {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      words.add("noun" + letters(i));
      words.add("verb" + letters(i));
    }
    return words;
  }

  /** Lemmas are letters only: 0 -> aa, 1 -> ab, ... */
  private static String letters(int i) {
    return "" + (char) ('a' + i / 26) + (char) ('a' + i % 26);
  }

  private static List<Synset> synsets() {
    List<Synset> synsets = new ArrayList<>();
    for (String word : VOCABULARY) {
      synsets.add(new Synset(word, word.charAt(0), List.of(word), ""));
    }
    // A frequent noun with a rare one, and two verbs in the middle.
    synsets.add(new Synset("s1", 'n', List.of("noun" + letters(2), "noun" + letters(50)), ""));
    synsets.add(new Synset("s2", 'v', List.of("verb" + letters(20), "verb" + letters(30)), ""));
    return synsets;
  }

  @Test
  void drawsEachControlWordOfTheSameClassNearTheFrequencyOfItsSynonym() {
    List<SynonymTest> tests = FrequencyMatchedSynonyms.of(synsets(), VOCABULARY, 5);

    assertEquals(2, tests.size(), tests::toString);
    for (SynonymTest test : tests) {
      String prefix = test.synonyms().first().substring(0, 4);
      assertTrue(test.control().first().startsWith(prefix)
          && test.control().second().startsWith(prefix), () -> "class kept: " + test);
      List<Integer> synonymRanks = ranks(test.synonyms());
      List<Integer> controlRanks = ranks(test.control());
      // Each control word is within the 10 nearest of its class: at most 6 class steps away,
      // 12 ranks, from the synonym it matches (the pair is unordered, so match by sort order).
      for (int i = 0; i < 2; i++) {
        int distance = Math.abs(synonymRanks.get(i) - controlRanks.get(i));
        assertTrue(distance <= 12, () -> "frequency matched: " + test);
      }
    }
  }

  @Test
  void sameSeedSameControls() {
    assertEquals(FrequencyMatchedSynonyms.of(synsets(), VOCABULARY, 5),
        FrequencyMatchedSynonyms.of(synsets(), VOCABULARY, 5));
  }

  @Test
  void leavesOutPairsWithAWordOutsideTheVocabulary() {
    List<Synset> synsets = List.of(new Synset("s", 'n', List.of("nounaa", "unseen"), ""));

    assertEquals(List.of(), FrequencyMatchedSynonyms.of(synsets, VOCABULARY, 5));
  }

  private static List<Integer> ranks(WordPair pair) {
    return List.of(VOCABULARY.indexOf(pair.first()), VOCABULARY.indexOf(pair.second())).stream()
        .sorted().toList();
  }
}
