package io.sparktrain.embed;

/**
 * The logistic function, precomputed as word2vec.c does: {@value #EXP_TABLE_SIZE} values over
 * (-{@value #MAX_EXP}, {@value #MAX_EXP}). A table lookup is several times cheaper than
 * {@code Math.exp} and the training loop calls it once per (word, sample) pair.
 */
public final class SigmoidTable {

  /** Number of precomputed values. */
  public static final int EXP_TABLE_SIZE = 1000;

  /** Inputs beyond ±MAX_EXP are treated as saturated. */
  public static final int MAX_EXP = 6;

  private static final float SCALE = EXP_TABLE_SIZE / (float) MAX_EXP / 2f;
  private static final float[] TABLE = build();

  private SigmoidTable() {}

  private static float[] build() {
    float[] t = new float[EXP_TABLE_SIZE];
    for (int i = 0; i < EXP_TABLE_SIZE; i++) {
      double e = Math.exp((i / (double) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP);
      t[i] = (float) (e / (e + 1));
    }
    return t;
  }

  /** σ(x) from the table; 0 at or below -MAX_EXP, 1 at or above MAX_EXP. */
  public static float sigmoid(float x) {
    if (x >= MAX_EXP) {
      return 1f;
    }
    if (x <= -MAX_EXP) {
      return 0f;
    }
    // Just below MAX_EXP the float sum can round up to index EXP_TABLE_SIZE.
    return TABLE[Math.min((int) ((x + MAX_EXP) * SCALE), EXP_TABLE_SIZE - 1)];
  }

  /**
   * The scaled gradient (label - σ(x)) · alpha of one negative-sampling pair, which multiplies
   * both vectors' updates. Saturated inputs give (label - 1) · alpha or label · alpha, as in
   * word2vec.c, so a confidently wrong pair still moves.
   *
   * @param label 1 for the observed word, 0 for a negative sample
   */
  public static float gradient(int label, float x, float alpha) {
    return (label - sigmoid(x)) * alpha;
  }

  /**
   * {@link #gradient(int, float, float)}, or 0 for a saturated input (|x| &gt;= MAX_EXP) when
   * {@code skipSaturated}: gensim 4 leaves such a pair alone, right or wrong, where word2vec.c
   * still moves a confidently wrong one (see {@code Word2VecSpec.Saturation}).
   */
  public static float gradient(int label, float x, float alpha, boolean skipSaturated) {
    if (skipSaturated && (x >= MAX_EXP || x <= -MAX_EXP)) {
      return 0f;
    }
    return gradient(label, x, alpha);
  }
}
