package io.sparktrain.embed.eval;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The scores of one set of word vectors on the {@link EvaluationSets}. A score is NaN when no
 * test or question was covered.
 *
 * @param synonymAuc ROC AUC of the cosine separating synonym pairs from their frequency-matched
 *     controls, in [0, 1]; 0.5 is chance
 * @param synonymCovered synonym tests whose four words all have vectors
 * @param synonymTotal all synonym tests
 * @param analogies accuracy over all relations (micro-averaged over covered questions)
 * @param byRelation accuracy per relation, in {@link AnalogyRelation} order
 */
public record EmbeddingScores(double synonymAuc, int synonymCovered, int synonymTotal,
    AnalogyScore analogies, List<AnalogyScore> byRelation) {

  /** Copies the list. */
  public EmbeddingScores {
    byRelation = List.copyOf(byRelation);
  }

  /** Fraction of covered analogy questions answered exactly, all relations together. */
  public double analogyAccuracy() {
    return analogies.accuracy();
  }

  /**
   * One line, e.g. {@code synonym AUC 0.8123 (4210/41234 covered), analogies 0.0870 (3656/5000
   * covered; capital-country 0.21, ...)}.
   */
  public String summary() {
    String relations = byRelation.stream()
        .map(s -> String.format(Locale.ROOT, "%s %.3f (%d)", s.relation(), s.accuracy(), s.covered()))
        .collect(Collectors.joining(", "));
    return String.format(Locale.ROOT,
        "synonym AUC %.4f (%d/%d covered), analogies %.4f (%d/%d covered; %s)",
        synonymAuc, synonymCovered, synonymTotal, analogies.accuracy(), analogies.covered(),
        analogies.total(), relations);
  }
}
