package io.sparktrain.embed;

import java.io.Serializable;

/**
 * The two weight matrices of a Word2Vec model, V × dim, row-major, one row per vocabulary index:
 * {@code syn0} the input vectors (the embeddings users keep) and {@code syn1neg} the
 * negative-sampling output weights. Training updates both in place; a distributed run averages
 * both between workers, since averaging only syn0 would pair each worker's embeddings with output
 * weights they were not trained against.
 */
public final class Word2VecWeights implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int dim;
  private final float[] syn0;
  private final float[] syn1neg;

  /**
   * Wraps caller-owned arrays (not copied).
   *
   * @throws IllegalArgumentException if the arrays differ in length or are not whole rows
   */
  public Word2VecWeights(int dim, float[] syn0, float[] syn1neg) {
    if (dim < 1 || syn0.length != syn1neg.length || syn0.length % dim != 0 || syn0.length == 0) {
      throw new IllegalArgumentException("word2vec weights: need two equal non-empty V x " + dim
          + " matrices, found lengths " + syn0.length + " and " + syn1neg.length);
    }
    this.dim = dim;
    this.syn0 = syn0;
    this.syn1neg = syn1neg;
  }

  /**
   * word2vec.c's starting point: input vectors uniform in [-0.5/dim, 0.5/dim), output weights
   * zero. Small random inputs break the symmetry; zero outputs make the first updates of the
   * inputs zero, so early training moves the outputs first.
   */
  public static Word2VecWeights initial(int vocabSize, int dim, long seed) {
    float[] syn0 = new float[Math.multiplyExact(vocabSize, dim)];
    FastRandom rng = new FastRandom(FastRandom.streamSeed(seed, -1, 0, 0));
    for (int i = 0; i < syn0.length; i++) {
      syn0[i] = (rng.nextFloat() - 0.5f) / dim;
    }
    return new Word2VecWeights(dim, syn0, new float[syn0.length]);
  }

  /** Vector size. */
  public int dim() {
    return dim;
  }

  /** Number of rows (vocabulary size). */
  public int vocabSize() {
    return syn0.length / dim;
  }

  /** Input vectors, V × dim row-major; the live array. */
  public float[] syn0() {
    return syn0;
  }

  /** Negative-sampling output weights, V × dim row-major; the live array. */
  public float[] syn1neg() {
    return syn1neg;
  }

  /** A deep copy, for a worker that must not write into a shared (broadcast) array. */
  public Word2VecWeights copy() {
    return new Word2VecWeights(dim, syn0.clone(), syn1neg.clone());
  }
}
