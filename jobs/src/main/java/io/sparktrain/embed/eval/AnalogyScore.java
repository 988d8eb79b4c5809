package io.sparktrain.embed.eval;

/**
 * 3CosAdd accuracy on the questions of one relation, or of all of them.
 *
 * @param relation the relation's label ({@link AnalogyRelation#label()}), or {@code all}
 * @param accuracy fraction of covered questions answered exactly; NaN when none is covered
 * @param covered questions whose four words are all among the searched words
 * @param total all questions
 */
public record AnalogyScore(String relation, double accuracy, int covered, int total) {}
