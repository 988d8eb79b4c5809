package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Corpus;
import io.sparktrain.data.DataCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the sets from the real WordNet 3.1, fetched into the data cache if absent (hence the
 * network tag; excluded with {@code -DexcludedGroups=network}), for the vocabulary of a real corpus:
 * WordNet's own glosses, tokenised as the trainer tokenises.
 */
@Tag("network")
class RealWordNetTest {

  @TempDir
  Path out;

  @Test
  void realWordNetYieldsThousandsOfSynonymTestsAndEveryRelation() throws Exception {
    Path wordnet = DataCache.fromEnvironment().ensure("wordnet");
    List<Synset> synsets = WordNetFiles.read(wordnet);
    List<String> vocabulary = glossVocabulary(synsets);

    EvaluationSets sets = EvaluationSets.of(synsets, vocabulary, 30_000, 1913, 1_000);
    sets.write(out);

    assertTrue(sets.synonymTests().size() >= 1_000, sets.describe());
    for (AnalogyRelation relation : AnalogyRelation.values()) {
      assertTrue(sets.pairs(relation).size() >= 10, () -> relation + ": " + sets.describe());
    }
    assertTrue(sets.pairs(AnalogyRelation.CAPITAL).contains(new WordPair("paris", "france")));
    assertTrue(sets.pairs(AnalogyRelation.NATIONALITY).contains(new WordPair("france", "french")),
        sets.pairs(AnalogyRelation.NATIONALITY)::toString);
    assertTrue(sets.pairs(AnalogyRelation.OPPOSITE).contains(new WordPair("hot", "cold")));
    assertEquals(sets.synonymTests().size(), Files.readAllLines(out.resolve("synonyms.txt")).size());
    assertEquals(sets.analogiesByRelation(),
        EvaluationSets.of(synsets, vocabulary, 30_000, 1913, 1_000).analogiesByRelation(),
        "building twice gives the same questions");
  }

  /** Words of at least 5 occurrences in the glosses, most frequent first. */
  private static List<String> glossVocabulary(List<Synset> synsets) {
    Map<String, Long> counts = new HashMap<>();
    for (Synset synset : synsets) {
      Corpus.tokens(synset.gloss()).forEach(token -> counts.merge(token, 1L, Long::sum));
    }
    return counts.entrySet().stream().filter(e -> e.getValue() >= 5)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).toList();
  }
}
