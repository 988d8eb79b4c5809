package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Synonym pairs of single-token lemmas and their seeded control pairs. */
class WordNetPairsTest {

  private static final List<Synset> SYNSETS = WordNetLines.parse(WordNetLines.NONABSORBENT,
      WordNetLines.GALORE, WordNetLines.BREATHE, WordNetLines.PARIS, WordNetLines.KABUL);

  @Test
  void pairsEverySingleTokenLemmaOfASynsetOnceInAlphabeticalOrder() {
    List<WordPair> synonyms = WordNetPairs.of(SYNSETS, 7).tests().stream()
        .map(SynonymTest::synonyms).toList();

    assertEquals(List.of(new WordPair("abounding", "galore"), new WordPair("breathe", "respire"),
        new WordPair("breathe", "suspire"), new WordPair("nonabsorbent", "nonabsorptive"),
        new WordPair("respire", "suspire")), synonyms);
  }

  @Test
  void countsAPairSharedBySeveralSynsetsOnce() {
    List<Synset> twice = WordNetLines.parse(WordNetLines.NONABSORBENT, WordNetLines.NONABSORBENT,
        WordNetLines.GALORE);

    assertEquals(2, WordNetPairs.of(twice, 7).tests().size());
  }

  @Test
  void controlsAreTwoDifferentWordsOfTheSynonymVocabularyThatAreNotSynonyms() {
    WordNetPairs pairs = WordNetPairs.of(SYNSETS, 7);
    Set<String> vocabulary = Set.of("abounding", "galore", "breathe", "respire", "suspire",
        "nonabsorbent", "nonabsorptive");
    Set<WordPair> synonyms = Set.copyOf(pairs.tests().stream().map(SynonymTest::synonyms).toList());

    assertEquals(vocabulary.size(), pairs.vocabularySize());
    for (SynonymTest test : pairs.tests()) {
      WordPair control = test.control();
      assertTrue(vocabulary.contains(control.first()) && vocabulary.contains(control.second()),
          control::toString);
      assertFalse(synonyms.contains(control), control::toString);
    }
  }

  @Test
  void theSameSeedDrawsTheSameControlsAndAnotherSeedOthers() {
    List<SynonymTest> first = WordNetPairs.of(SYNSETS, 7).tests();

    assertEquals(first, WordNetPairs.of(SYNSETS, 7).tests());
    assertNotEquals(first, WordNetPairs.of(SYNSETS, 8).tests());
  }

  @Test
  void rejectsSynsetsWhereEveryPairIsASynonymPair() {
    List<Synset> onlyBreathe = WordNetLines.parse(WordNetLines.BREATHE);

    assertThrows(IllegalArgumentException.class, () -> WordNetPairs.of(onlyBreathe, 7));
  }
}
