package io.sparktrain.embed.eval;

import java.util.Locale;

/**
 * The scores of one set of word vectors on the {@link EvaluationSets}. A score is NaN when no
 * test or question was covered.
 *
 * @param synonymScore fraction of covered synonym tests where the synonyms' cosine exceeds the
 *     control pair's, in [0, 1]; 0.5 is chance
 * @param synonymCovered synonym tests whose four words all have vectors
 * @param synonymTotal all synonym tests
 * @param analogyAccuracy fraction of covered analogy questions answered exactly by 3CosAdd
 * @param analogyCovered questions whose four words are all among the searched words
 * @param analogyTotal all analogy questions
 */
public record EmbeddingScores(double synonymScore, int synonymCovered, int synonymTotal,
    double analogyAccuracy, int analogyCovered, int analogyTotal) {

  /** One line, e.g. {@code synonyms 0.8123 (4210/41234 covered), analogies 0.3100 (342/2000 covered)}. */
  public String summary() {
    return String.format(Locale.ROOT, "synonyms %.4f (%d/%d covered), analogies %.4f (%d/%d covered)",
        synonymScore, synonymCovered, synonymTotal, analogyAccuracy, analogyCovered, analogyTotal);
  }
}
