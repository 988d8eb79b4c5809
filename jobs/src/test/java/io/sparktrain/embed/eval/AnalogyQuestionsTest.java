package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forming analogy questions from the pairs of one relation. */
class AnalogyQuestionsTest {

  @Test
  void asksEveryOrderedPairOfPairs() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.PARIS, WordNetLines.LIMA,
        WordNetLines.KABUL);

    List<AnalogyQuestion> questions = AnalogyQuestions.sample(CapitalPairs.mine(synsets), 100, 1);

    assertEquals(6, questions.size());
    assertTrue(questions.contains(new AnalogyQuestion("paris", "france", "lima", "peru")));
    assertTrue(questions.contains(new AnalogyQuestion("lima", "peru", "paris", "france")));
  }

  @Test
  void neverCombinesTwoCapitalsOfTheSameCountryName() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.TBILISI, WordNetLines.ATLANTA,
        WordNetLines.PARIS);

    List<AnalogyQuestion> questions = AnalogyQuestions.sample(CapitalPairs.mine(synsets), 100, 1);

    assertEquals(3, CapitalPairs.mine(synsets).size());
    assertEquals(4, questions.size());
    assertTrue(questions.stream().allMatch(q -> q.words().contains("paris")), questions::toString);
  }

  @Test
  void capsTheQuestionsWithASeededSampleOfTheFullList() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.PARIS, WordNetLines.LIMA,
        WordNetLines.KABUL);
    List<AnalogyQuestion> all = AnalogyQuestions.sample(CapitalPairs.mine(synsets), 100, 1);

    List<AnalogyQuestion> sample = AnalogyQuestions.sample(CapitalPairs.mine(synsets), 4, 1);

    assertEquals(4, sample.size());
    assertTrue(all.containsAll(sample));
    assertEquals(sample, AnalogyQuestions.sample(CapitalPairs.mine(synsets), 4, 1));
  }

  @Test
  void rejectsANegativeCap() {
    assertThrows(IllegalArgumentException.class, () -> AnalogyQuestions.sample(List.of(), -1, 1));
  }

  @Test
  void drawsDistinctQuestionsWhenThereAreMillionsOfCandidates() {
    List<WordPair> pairs = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      pairs.add(new WordPair("noun" + i, "noun" + i + "s"));
    }

    List<AnalogyQuestion> questions = AnalogyQuestions.sample(pairs, 500, 7);

    assertEquals(500, questions.size());
    assertEquals(500, new HashSet<>(questions).size());
    assertEquals(questions, AnalogyQuestions.sample(pairs, 500, 7), "same seed, same questions");
    assertTrue(questions.stream().allMatch(q -> q.b().equals(q.a() + "s")
        && q.expected().equals(q.c() + "s")), questions::toString);
  }
}
