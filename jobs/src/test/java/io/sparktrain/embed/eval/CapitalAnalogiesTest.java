package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Mining (city, country) pairs from glosses and forming analogy questions from them. */
class CapitalAnalogiesTest {

  @Test
  void minesTheCityAndTheCountryOfCapitalGlosses() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.PARIS, WordNetLines.LIMA,
        WordNetLines.KABUL);

    assertEquals(List.of(new WordPair("kabul", "afghanistan"), new WordPair("lima", "peru"),
        new WordPair("paris", "france")), CapitalAnalogies.mine(synsets, 100, 1).pairs());
  }

  @Test
  void skipsQuotedExamplesFormerCapitalsMultiwordCountriesAndAdjectives() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.CAPITAL, WordNetLines.NANJING,
        WordNetLines.PRAIA, WordNetLines.MERIDA);

    assertEquals(List.of(), CapitalAnalogies.mine(synsets, 100, 1).pairs());
  }

  @Test
  void skipsTheHistoricalClauseButKeepsTheCurrentOne() {
    // Lima's gloss also says "was capital of the Spanish empire": only Peru must come out.
    List<Synset> lima = WordNetLines.parse(WordNetLines.LIMA);

    assertEquals(List.of(new WordPair("lima", "peru")), CapitalAnalogies.mine(lima, 100, 1).pairs());
  }

  @Test
  void ignoresVerbsAndAdjectives() {
    Synset verb = new Synset("00000001", 'v', List.of("capitalize"), "the capital of France");

    assertEquals(List.of(), CapitalAnalogies.mine(List.of(verb), 100, 1).pairs());
  }

  @Test
  void asksEveryOrderedPairOfPairs() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.PARIS, WordNetLines.LIMA,
        WordNetLines.KABUL);

    List<AnalogyQuestion> questions = CapitalAnalogies.mine(synsets, 100, 1).questions();

    assertEquals(6, questions.size());
    assertTrue(questions.contains(new AnalogyQuestion("paris", "france", "lima", "peru")));
    assertTrue(questions.contains(new AnalogyQuestion("lima", "peru", "paris", "france")));
  }

  @Test
  void neverCombinesTwoCapitalsOfTheSameCountryName() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.TBILISI, WordNetLines.ATLANTA,
        WordNetLines.PARIS);

    List<AnalogyQuestion> questions = CapitalAnalogies.mine(synsets, 100, 1).questions();

    assertEquals(3, CapitalAnalogies.mine(synsets, 100, 1).pairs().size());
    assertEquals(4, questions.size());
    assertTrue(questions.stream().allMatch(q -> q.words().contains("paris")), questions::toString);
  }

  @Test
  void capsTheQuestionsWithASeededSampleOfTheFullList() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.PARIS, WordNetLines.LIMA,
        WordNetLines.KABUL);
    List<AnalogyQuestion> all = CapitalAnalogies.mine(synsets, 100, 1).questions();

    List<AnalogyQuestion> sample = CapitalAnalogies.mine(synsets, 4, 1).questions();

    assertEquals(4, sample.size());
    assertTrue(all.containsAll(sample));
    assertEquals(sample, CapitalAnalogies.mine(synsets, 4, 1).questions());
  }

  @Test
  void rejectsANegativeCap() {
    assertThrows(IllegalArgumentException.class, () -> CapitalAnalogies.mine(List.of(), -1, 1));
  }
}
