package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scoring arithmetic on hand-made vector tables whose answers are known. In the perfect table a
 * capital is its country's axis plus a shared "capital" axis, so 3CosAdd answers every question;
 * synonyms share one axis and controls are orthogonal.
 */
class EmbeddingEvaluationTest {

  private static final List<SynonymTest> SYNONYM_TESTS = List.of(
      new SynonymTest(new WordPair("big", "large"), new WordPair("cat", "tax")),
      new SynonymTest(new WordPair("quick", "fast"), new WordPair("tax", "big")),
      new SynonymTest(new WordPair("cat", "feline"), new WordPair("large", "fast")));

  private static final List<AnalogyQuestion> QUESTIONS = List.of(
      new AnalogyQuestion("paris", "france", "lima", "peru"),
      new AnalogyQuestion("lima", "peru", "kabul", "afghanistan"),
      new AnalogyQuestion("kabul", "afghanistan", "paris", "france"),
      new AnalogyQuestion("paris", "france", "kabul", "afghanistan"));

  private static final Map<String, List<AnalogyQuestion>> ANALOGIES =
      Map.of("capital-country", QUESTIONS);

  private static final EmbeddingEvaluation EVALUATION =
      new EmbeddingEvaluation(SYNONYM_TESTS, ANALOGIES, EmbeddingEvaluation.DEFAULT_SEARCH_SIZE);

  private static EmbeddingScores scores(double auc, int synonymsCovered, double accuracy,
      int questionsCovered) {
    AnalogyScore capitals = new AnalogyScore("capital-country", accuracy, questionsCovered, 4);
    return new EmbeddingScores(auc, synonymsCovered, 3,
        new AnalogyScore("all", accuracy, questionsCovered, 4), List.of(capitals));
  }

  @Test
  void aPerfectTableScoresOne() {
    EmbeddingScores scores = EVALUATION.evaluate(Vectors.of(perfectTable()));

    assertEquals(scores(1.0, 3, 1.0, 4), scores);
  }

  @Test
  void aShuffledTableScoresLower() {
    LinkedHashMap<String, float[]> perfect = perfectTable();
    List<float[]> rotated = new ArrayList<>(perfect.values());
    // Give each word the vector of the next one: same vectors, wrong words.
    rotated.add(rotated.remove(0));
    LinkedHashMap<String, float[]> shuffled = new LinkedHashMap<>();
    int i = 0;
    for (String word : perfect.keySet()) {
      shuffled.put(word, rotated.get(i++));
    }

    EmbeddingScores scores = EVALUATION.evaluate(Vectors.of(shuffled));

    assertTrue(scores.synonymAuc() < 1.0, scores::summary);
    assertTrue(scores.analogyAccuracy() < 1.0, scores::summary);
  }

  @Test
  void scoresOnlyWhatIsCoveredAndCountsIt() {
    LinkedHashMap<String, float[]> table = perfectTable();
    table.remove("feline");
    table.remove("kabul");

    EmbeddingScores scores = EVALUATION.evaluate(Vectors.of(table));

    assertEquals(scores(1.0, 2, 1.0, 1), scores);
  }

  @Test
  void equalCosinesGiveTheChanceAuc() {
    LinkedHashMap<String, float[]> table = perfectTable();
    table.replaceAll((word, vector) -> new float[vector.length]);

    EmbeddingScores scores = EVALUATION.evaluate(Vectors.of(table));

    assertEquals(0.5, scores.synonymAuc());
  }

  @Test
  void searchesOnlyTheMostFrequentWords() {
    // The vocabulary order puts kabul and afghanistan last: outside a search of 10 words.
    LinkedHashMap<String, float[]> table = perfectTable();
    float[] kabul = table.remove("kabul");
    float[] afghanistan = table.remove("afghanistan");
    table.put("kabul", kabul);
    table.put("afghanistan", afghanistan);

    EmbeddingScores scores = new EmbeddingEvaluation(SYNONYM_TESTS, ANALOGIES, 10)
        .evaluate(Vectors.of(table));

    assertEquals(1, scores.analogies().covered());
    assertEquals(1.0, scores.analogyAccuracy());
  }

  @Test
  void aScoreWithNothingCoveredIsNaN() {
    LinkedHashMap<String, float[]> unrelated = new LinkedHashMap<>(Map.of("zebra", new float[] {1}));

    EmbeddingScores scores = EVALUATION.evaluate(Vectors.of(unrelated));

    assertTrue(Double.isNaN(scores.synonymAuc()) && Double.isNaN(scores.analogyAccuracy()));
    assertEquals(0, scores.synonymCovered() + scores.analogies().covered());
  }

  @Test
  void rejectsASearchOfFewerThanFourWords() {
    assertThrows(IllegalArgumentException.class,
        () -> new EmbeddingEvaluation(SYNONYM_TESTS, ANALOGIES, 3));
  }

  @Test
  void rejectsVectorsOfDifferentLengths() {
    LinkedHashMap<String, float[]> table = new LinkedHashMap<>();
    table.put("a", new float[2]);
    table.put("b", new float[3]);

    assertThrows(IllegalArgumentException.class, () -> Vectors.of(table));
  }

  /** Axes 0-2: countries; 3: "is a capital"; 4-8: the synonym and control words. */
  private static LinkedHashMap<String, float[]> perfectTable() {
    LinkedHashMap<String, float[]> table = new LinkedHashMap<>();
    table.put("france", axes(0));
    table.put("peru", axes(1));
    table.put("afghanistan", axes(2));
    table.put("paris", axes(0, 3));
    table.put("lima", axes(1, 3));
    table.put("kabul", axes(2, 3));
    table.put("big", axes(4));
    table.put("large", axes(4));
    table.put("quick", axes(5));
    table.put("fast", scaled(axes(5), 3));
    table.put("cat", axes(6));
    table.put("feline", axes(6));
    table.put("tax", axes(7));
    return table;
  }

  private static float[] axes(int... indices) {
    float[] v = new float[9];
    for (int i : indices) {
      v[i] = 1;
    }
    return v;
  }

  /** Length must not matter: cosines compare directions. */
  private static float[] scaled(float[] v, float factor) {
    for (int k = 0; k < v.length; k++) {
      v[k] *= factor;
    }
    return v;
  }
}
