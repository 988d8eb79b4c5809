package io.sparktrain.embed.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scores word vectors on synonym tests and analogy questions; see {@link EmbeddingScores} for what
 * each number means. {@code benchmarks/w2v/evaluate.py} computes the same scores with gensim for
 * vectors trained elsewhere, from the files {@link EvaluationSets#write} produces.
 *
 * <p>Synonym tests only need their four words to have vectors. Analogy answers are searched among
 * the {@code searchSize} most frequent words (default {@value #DEFAULT_SEARCH_SIZE}, gensim's
 * {@code restrict_vocab}), and a question counts as covered only when all four of its words are
 * among them, so an uncovered question is never a forced miss.
 */
public final class EmbeddingEvaluation {

  /** Default number of most frequent words searched for analogy answers. */
  public static final int DEFAULT_SEARCH_SIZE = 30_000;

  private final List<SynonymTest> synonymTests;
  private final Map<String, List<AnalogyQuestion>> analogies;
  private final int searchSize;

  /**
   * An evaluation on the given tests and questions, the questions keyed by relation label.
   *
   * @throws IllegalArgumentException if {@code searchSize} is below 4 (a question needs four words)
   */
  public EmbeddingEvaluation(List<SynonymTest> synonymTests,
      Map<String, List<AnalogyQuestion>> analogies, int searchSize) {
    if (searchSize < 4) {
      throw new IllegalArgumentException("searchSize: must be >= 4, found " + searchSize);
    }
    this.synonymTests = List.copyOf(synonymTests);
    this.analogies = new LinkedHashMap<>(analogies);
    this.searchSize = searchSize;
  }

  /** An evaluation on the sets' tests and questions, searching {@value #DEFAULT_SEARCH_SIZE} words. */
  public static EmbeddingEvaluation of(EvaluationSets sets) {
    return new EmbeddingEvaluation(sets.synonymTests(), sets.analogiesByRelation(),
        DEFAULT_SEARCH_SIZE);
  }

  /** All scores of {@code vectors}. */
  public EmbeddingScores evaluate(Vectors vectors) {
    List<SynonymTest> covered = synonymTests.stream().filter(t -> covers(vectors, t)).toList();
    double[] synonyms = covered.stream().mapToDouble(t -> cosine(vectors, t.synonyms())).toArray();
    double[] controls = covered.stream().mapToDouble(t -> cosine(vectors, t.control())).toArray();

    AnalogySearch search = new AnalogySearch(vectors, searchSize);
    List<AnalogyScore> byRelation = new ArrayList<>();
    long correctAll = 0;
    int coveredAll = 0;
    int totalAll = 0;
    for (Map.Entry<String, List<AnalogyQuestion>> relation : analogies.entrySet()) {
      List<AnalogyQuestion> asked = relation.getValue().stream().filter(search::covers).toList();
      List<String> answers = search.answers(asked);
      long correct = IntStream.range(0, asked.size())
          .filter(i -> asked.get(i).expected().equals(answers.get(i))).count();
      byRelation.add(new AnalogyScore(relation.getKey(), fraction(correct, asked.size()),
          asked.size(), relation.getValue().size()));
      correctAll += correct;
      coveredAll += asked.size();
      totalAll += relation.getValue().size();
    }
    return new EmbeddingScores(RocAuc.of(synonyms, controls), covered.size(), synonymTests.size(),
        new AnalogyScore("all", fraction(correctAll, coveredAll), coveredAll, totalAll),
        byRelation);
  }

  private static boolean covers(Vectors vectors, SynonymTest test) {
    return vectors.contains(test.synonyms().first()) && vectors.contains(test.synonyms().second())
        && vectors.contains(test.control().first()) && vectors.contains(test.control().second());
  }

  private static double cosine(Vectors vectors, WordPair pair) {
    return Cosine.of(vectors.vector(pair.first()), vectors.vector(pair.second()));
  }

  private static double fraction(long count, int total) {
    return total == 0 ? Double.NaN : (double) count / total;
  }
}
