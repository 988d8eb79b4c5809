package io.sparktrain.embed.eval;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Scores word vectors on synonym tests and analogy questions; see {@link EmbeddingScores} for what
 * each number means. {@code benchmarks/w2v/evaluate.py} computes the same two scores the same way
 * for vectors trained elsewhere (gensim), from the files {@link EvaluationSets#write} produces.
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
  private final List<AnalogyQuestion> analogies;
  private final int searchSize;

  /**
   * An evaluation on the given tests and questions.
   *
   * @throws IllegalArgumentException if {@code searchSize} is below 4 (a question needs four words)
   */
  public EmbeddingEvaluation(List<SynonymTest> synonymTests, List<AnalogyQuestion> analogies,
      int searchSize) {
    if (searchSize < 4) {
      throw new IllegalArgumentException("searchSize: must be >= 4, found " + searchSize);
    }
    this.synonymTests = List.copyOf(synonymTests);
    this.analogies = List.copyOf(analogies);
    this.searchSize = searchSize;
  }

  /** An evaluation on the sets' tests and questions, searching {@value #DEFAULT_SEARCH_SIZE} words. */
  public static EmbeddingEvaluation of(EvaluationSets sets) {
    return new EmbeddingEvaluation(sets.synonymTests(), sets.analogies(), DEFAULT_SEARCH_SIZE);
  }

  /** Both scores of {@code vectors}. */
  public EmbeddingScores evaluate(Vectors vectors) {
    List<SynonymTest> coveredTests = synonymTests.stream()
        .filter(t -> covers(vectors, t)).toList();
    long passed = coveredTests.stream().filter(t -> passes(vectors, t)).count();

    AnalogySearch search = new AnalogySearch(vectors, searchSize);
    List<AnalogyQuestion> coveredQuestions = analogies.stream().filter(search::covers).toList();
    List<String> answers = search.answers(coveredQuestions);
    long correct = IntStream.range(0, coveredQuestions.size())
        .filter(i -> coveredQuestions.get(i).expected().equals(answers.get(i))).count();

    return new EmbeddingScores(fraction(passed, coveredTests.size()), coveredTests.size(),
        synonymTests.size(), fraction(correct, coveredQuestions.size()), coveredQuestions.size(),
        analogies.size());
  }

  private static boolean covers(Vectors vectors, SynonymTest test) {
    return vectors.contains(test.synonyms().first()) && vectors.contains(test.synonyms().second())
        && vectors.contains(test.control().first()) && vectors.contains(test.control().second());
  }

  /** Strictly closer: equal cosines (e.g. all-zero vectors) do not pass. */
  private static boolean passes(Vectors vectors, SynonymTest test) {
    return cosine(vectors, test.synonyms()) > cosine(vectors, test.control());
  }

  private static double cosine(Vectors vectors, WordPair pair) {
    return Cosine.of(vectors.vector(pair.first()), vectors.vector(pair.second()));
  }

  private static double fraction(long count, int total) {
    return total == 0 ? Double.NaN : (double) count / total;
  }
}
