package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building both sets from synsets and writing them as text. */
class EvaluationSetsTest {

  private static final List<Synset> SYNSETS = WordNetLines.parse(WordNetLines.NONABSORBENT,
      WordNetLines.GALORE, WordNetLines.BREATHE, WordNetLines.PARIS, WordNetLines.LIMA,
      WordNetLines.KABUL);

  @TempDir
  Path dir;

  @Test
  void writesOneSpaceSeparatedItemPerLine() throws Exception {
    EvaluationSets sets = EvaluationSets.of(SYNSETS, 3, 100);

    sets.write(dir.resolve("eval"));

    List<String> synonyms = Files.readAllLines(dir.resolve("eval/synonyms.txt"));
    assertEquals(sets.synonymTests().size(), synonyms.size());
    assertTrue(synonyms.get(0).startsWith("abounding galore "), synonyms.get(0));
    assertTrue(synonyms.stream().allMatch(line -> line.matches("[a-z]+( [a-z]+){3}")),
        synonyms::toString);
    assertTrue(Files.readAllLines(dir.resolve("eval/analogies.txt"))
        .contains("paris france lima peru"));
    assertEquals(List.of("kabul afghanistan", "lima peru", "paris france"),
        Files.readAllLines(dir.resolve("eval/capitals.txt")));
  }

  @Test
  void describesTheSetsWithTheirSizes() {
    String description = EvaluationSets.of(SYNSETS, 3, 100).describe();

    assertTrue(description.contains("Synonyms: 5 tests"), description);
    assertTrue(description.contains("Analogies: 3 (city, country) pairs"), description);
    assertTrue(description.contains("share no word: 6 of 6 candidates"), description);
  }
}
