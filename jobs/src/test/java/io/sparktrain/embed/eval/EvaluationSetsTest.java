package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building the sets for a vocabulary and writing them as text. */
class EvaluationSetsTest {

  private static final List<Synset> SYNSETS = WordNetLines.parse(WordNetLines.NONABSORBENT,
      WordNetLines.ABSORBENT, WordNetLines.GALORE, WordNetLines.BREATHE, WordNetLines.PARIS,
      WordNetLines.LIMA, WordNetLines.KABUL, WordNetLines.ALBANIAN);

  /** Every single-token lemma above, most frequent first, plus words that are no lemma. */
  private static final List<String> VOCABULARY = List.of("the", "paris", "france", "breathe",
      "lima", "peru", "absorbent", "abounding", "respire", "kabul", "afghanistan", "galore",
      "nonabsorbent", "nonabsorptive", "suspire", "albania", "albanian");

  @TempDir
  Path dir;

  @Test
  void writesSynonymsAndAnalogiesInWord2vecQuestionFormat() throws Exception {
    EvaluationSets sets = EvaluationSets.of(SYNSETS, VOCABULARY, 30_000, 3, 100);

    sets.write(dir.resolve("eval"));

    List<String> synonyms = Files.readAllLines(dir.resolve("eval/synonyms.txt"));
    assertEquals(sets.synonymTests().size(), synonyms.size());
    assertTrue(synonyms.get(0).startsWith("abounding galore "), synonyms.get(0));
    assertTrue(synonyms.stream().allMatch(line -> line.matches("[a-z]+( [a-z]+){3}")),
        synonyms::toString);
    List<String> analogies = Files.readAllLines(dir.resolve("eval/analogies.txt"));
    assertEquals(": capital-country", analogies.get(0));
    assertTrue(analogies.contains("paris france lima peru"), analogies::toString);
    assertTrue(analogies.contains(": adjective-opposite"), analogies::toString);
    assertTrue(Files.readAllLines(dir.resolve("eval/relations.txt"))
        .containsAll(List.of("capital-country kabul afghanistan", "country-adjective albania "
            + "albanian", "adjective-opposite absorbent nonabsorbent")));
  }

  @Test
  void keepsOnlyPairsAmongTheSearchedWords() {
    // The 10 most frequent words hold paris, france, lima and peru but not kabul.
    EvaluationSets sets = EvaluationSets.of(SYNSETS, VOCABULARY, 10, 3, 100);

    assertEquals(List.of(new WordPair("lima", "peru"), new WordPair("paris", "france")),
        sets.pairs(AnalogyRelation.CAPITAL));
    assertEquals(List.of(), sets.pairs(AnalogyRelation.OPPOSITE));
  }

  @Test
  void describesTheSetsWithTheirSizes() {
    String description = EvaluationSets.of(SYNSETS, VOCABULARY, 30_000, 3, 100).describe();

    assertTrue(description.contains("capital-country           3 pairs,      6 questions"),
        description);
    assertTrue(description.contains("among the 10 words nearest to w1"), description);
  }
}
