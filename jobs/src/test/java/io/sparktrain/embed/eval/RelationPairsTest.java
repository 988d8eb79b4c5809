package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mining the country-adjective, opposite and inflection pairs. */
class RelationPairsTest {

  @Test
  void parsesPointersWithTheirSourceAndTargetWords() {
    Synset.Pointer antonym = WordNetFiles.parse(WordNetLines.NONABSORBENT).pointers().get(0);

    assertEquals(new Synset.Pointer("!", "00006354", 'a', 1, 1), antonym);
    assertEquals(2, WordNetFiles.parse(WordNetLines.BREATHE).pointers().size(),
        "the verb frames after the pointers are not pointers");
  }

  @Test
  void minesOppositesInBothDirectionsFromAntonymPointers() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.NONABSORBENT, WordNetLines.ABSORBENT,
        WordNetLines.GALORE);

    assertEquals(List.of(new WordPair("absorbent", "nonabsorbent"),
        new WordPair("nonabsorbent", "absorbent")), AntonymPairs.mine(synsets));
  }

  @Test
  void minesCountryAdjectivesFromRelatingToGlosses() {
    List<Synset> synsets = WordNetLines.parse(WordNetLines.ALBANIAN, WordNetLines.NEW_ZEALAND,
        WordNetLines.NONABSORBENT, WordNetLines.PARIS);

    assertEquals(List.of(new WordPair("albania", "albanian")), NationalityPairs.mine(synsets));
  }

  @Test
  void spellsRegularPluralsAndPastTenses() {
    assertEquals(List.of("rivers", "boxes", "cities", "days", "churches"),
        List.of("river", "box", "city", "day", "church").stream().map(InflectionPairs::plural)
            .toList());
    assertEquals(List.of("walked", "moved", "carried", "played"),
        List.of("walk", "move", "carry", "play").stream().map(InflectionPairs::pastTense).toList());
  }

  @Test
  void keepsAnInflectionOnlyWhenTheCorpusHasBothWordsAndTheFormIsNoLemma() {
    List<Synset> synsets = List.of(
        new Synset("1", 'n', List.of("river"), "a stream"),
        new Synset("2", 'n', List.of("arm"), "a limb"),
        new Synset("3", 'n', List.of("arms"), "weapons"),
        new Synset("4", 'n', List.of("lake"), "water"),
        new Synset("5", 'v', List.of("walk"), "go on foot"),
        new Synset("6", 'v', List.of("jump"), "leap"));
    Set<String> corpus = Set.of("river", "rivers", "arm", "arms", "lake", "walk", "walked", "jump");

    assertEquals(List.of(new WordPair("river", "rivers")),
        InflectionPairs.plurals(synsets, corpus));
    assertEquals(List.of(new WordPair("walk", "walked")),
        InflectionPairs.pastTenses(synsets, corpus));
  }
}
