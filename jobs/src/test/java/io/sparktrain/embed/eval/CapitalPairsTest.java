package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Mining (city, country) pairs from glosses. */
class CapitalPairsTest {

  @Test
  void minesTheCityAndTheCountryOfCapitalGlosses() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.PARIS, WordNetLines.LIMA,
        WordNetLines.KABUL);

    assertEquals(List.of(new WordPair("kabul", "afghanistan"), new WordPair("lima", "peru"),
        new WordPair("paris", "france")), CapitalPairs.mine(synsets));
  }

  @Test
  void skipsQuotedExamplesFormerCapitalsMultiwordCountriesAndAdjectives() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.CAPITAL, WordNetLines.NANJING,
        WordNetLines.PRAIA, WordNetLines.MERIDA);

    assertEquals(List.of(), CapitalPairs.mine(synsets));
  }

  @Test
  void skipsTheHistoricalClauseButKeepsTheCurrentOne() {
    // Lima's gloss also says "was capital of the Spanish empire": only Peru must come out.
    List<Synset> lima = WordNetLines.parse(WordNetLines.LIMA);

    assertEquals(List.of(new WordPair("lima", "peru")), CapitalPairs.mine(lima));
  }

  @Test
  void ignoresVerbsAndAdjectives() {
    Synset verb = new Synset("00000001", 'v', List.of("capitalize"), "the capital of France");

    assertEquals(List.of(), CapitalPairs.mine(List.of(verb)));
  }
}
