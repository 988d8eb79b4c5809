package io.sparktrain.embed;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Trained word vectors and the queries users run on them: a word's vector, the cosine similarity
 * of two words and a word's nearest neighbours. Unit-length copies of the vectors are computed
 * on the first similarity query and kept, so the raw vectors stay as trained (and as written).
 */
public final class WordVectors {

  private final List<String> words;
  private final Map<String, Integer> index;
  private final float[] vectors;
  private final int dim;
  private volatile float[] unit;

  /** A word and its cosine similarity to the query. */
  public record Neighbour(String word, double similarity) {}

  /**
   * @param words the words, in row order; distinct
   * @param vectors words.size() × dim, row-major; copied
   * @throws IllegalArgumentException on a repeated word or a size mismatch
   */
  public WordVectors(List<String> words, float[] vectors, int dim) {
    if (dim < 1 || vectors.length != (long) words.size() * dim) {
      throw new IllegalArgumentException("word vectors: " + words.size() + " words of dim " + dim
          + " need " + (long) words.size() * dim + " values, found " + vectors.length);
    }
    this.words = List.copyOf(words);
    this.index = new HashMap<>(words.size() * 2);
    for (int i = 0; i < words.size(); i++) {
      if (index.put(words.get(i), i) != null) {
        throw new IllegalArgumentException("word vectors: '" + words.get(i) + "' appears twice");
      }
    }
    this.vectors = vectors.clone();
    this.dim = dim;
  }

  /** The input vectors (syn0) of a trained model, under the vocabulary's words. */
  public static WordVectors of(Vocabulary vocabulary, Word2VecWeights weights) {
    return new WordVectors(vocabulary.words(), weights.syn0(), weights.dim());
  }

  /** Number of words. */
  public int size() {
    return words.size();
  }

  /** Vector size. */
  public int dim() {
    return dim;
  }

  /** The words in row order. */
  public List<String> words() {
    return words;
  }

  /** Whether {@code word} has a vector. */
  public boolean contains(String word) {
    return index.containsKey(word);
  }

  /**
   * A copy of the raw (not normalised) vector of {@code word}.
   *
   * @throws IllegalArgumentException if the word has no vector
   */
  public float[] vector(String word) {
    int row = row(word) * dim;
    float[] v = new float[dim];
    System.arraycopy(vectors, row, v, 0, dim);
    return v;
  }

  /**
   * Cosine similarity of two words' vectors, in [-1, 1]; 0 if either vector is zero.
   *
   * @throws IllegalArgumentException if either word has no vector
   */
  public double similarity(String a, String b) {
    float[] u = unitVectors();
    return VectorMath.dot(u, row(a) * dim, u, row(b) * dim, dim);
  }

  /**
   * The {@code n} words most similar to {@code word} by cosine similarity, most similar first
   * (ties by row order), the word itself excluded.
   *
   * @throws IllegalArgumentException if the word has no vector or n is negative
   */
  public List<Neighbour> nearest(String word, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("nearest: n must be >= 0, found " + n);
    }
    int query = row(word);
    float[] u = unitVectors();
    float[] sims = new float[words.size()];
    for (int r = 0; r < sims.length; r++) {
      sims[r] = VectorMath.dot(u, query * dim, u, r * dim, dim);
    }
    // Min-heap of the best n so far, so the weakest is the one evicted; ties favour lower rows.
    PriorityQueue<Integer> best = new PriorityQueue<>(n + 1, (a, b) -> {
      int bySimilarity = Float.compare(sims[a], sims[b]);
      return bySimilarity != 0 ? bySimilarity : Integer.compare(b, a);
    });
    for (int r = 0; r < sims.length && n > 0; r++) {
      if (r != query) {
        best.add(r);
        if (best.size() > n) {
          best.poll();
        }
      }
    }
    Neighbour[] out = new Neighbour[best.size()];
    for (int i = out.length - 1; i >= 0; i--) {
      int r = best.poll();
      out[i] = new Neighbour(words.get(r), sims[r]);
    }
    return List.of(out);
  }

  /** The raw vectors, row-major; shared with the format writers, not to be modified. */
  float[] rawVectors() {
    return vectors;
  }

  private int row(String word) {
    Integer r = index.get(word);
    if (r == null) {
      throw new IllegalArgumentException("'" + word + "' is not in the vocabulary");
    }
    return r;
  }

  private float[] unitVectors() {
    float[] u = unit;
    if (u == null) {
      u = new float[vectors.length];
      for (int r = 0; r < words.size(); r++) {
        double norm = Math.sqrt(VectorMath.dot(vectors, r * dim, vectors, r * dim, dim));
        float inv = norm == 0 ? 0f : (float) (1 / norm);
        for (int i = 0; i < dim; i++) {
          u[r * dim + i] = vectors[r * dim + i] * inv;
        }
      }
      unit = u;
    }
    return u;
  }
}

