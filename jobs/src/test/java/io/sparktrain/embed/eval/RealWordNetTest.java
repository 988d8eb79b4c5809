package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.DataCache;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the sets from the real WordNet 3.1, fetched into the data cache if absent (hence the
 * network tag; excluded with {@code -DexcludedGroups=network}).
 */
@Tag("network")
class RealWordNetTest {

  @TempDir
  Path out;

  @Test
  void realWordNetYieldsThousandsOfSynonymPairsAndDozensOfCapitals() throws Exception {
    Path wordnet = DataCache.fromEnvironment().ensure("wordnet");

    EvaluationSets sets = EvaluationSets.fromWordNet(wordnet);
    sets.write(out);

    assertTrue(sets.synonymTests().size() >= 1_000, sets.describe());
    assertTrue(sets.capitals().size() >= 20, sets.describe());
    assertTrue(sets.capitals().contains(new WordPair("paris", "france")), sets.capitals()::toString);
    assertTrue(sets.capitals().contains(new WordPair("lima", "peru")), sets.capitals()::toString);
    assertEquals(CapitalAnalogies.DEFAULT_MAX_QUESTIONS, sets.analogies().size());
    assertEquals(sets.synonymTests().size(), Files.readAllLines(out.resolve("synonyms.txt")).size());
    assertEquals(sets.analogies(), EvaluationSets.fromWordNet(wordnet).analogies(),
        "building twice gives the same questions");
  }
}
