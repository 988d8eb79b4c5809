package io.sparktrain.embed.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * 3CosAdd over the most frequent words (Mikolov et al., "Linguistic Regularities in Continuous
 * Space Word Representations", NAACL 2013): the answer to {@code a : b :: c : ?} is the word whose
 * vector has the largest cosine with {@code b - a + c}, the three given words excluded. Vectors are
 * normalised once into one row-major float array and scored with plain float dot products; as in
 * word2vec's and gensim's tools, the query is built from unit vectors. Ties go to the more
 * frequent word.
 */
final class AnalogySearch {

  /** Questions answered per pass over the vectors: 32 queries of 300 floats stay in L1/L2. */
  private static final int BLOCK = 32;

  private final List<String> words;
  private final Map<String, Integer> index;
  private final float[] unitRows;
  private final int dimension;

  /** Searches the first {@code size} words of {@code vectors.vocabulary()}. */
  AnalogySearch(Vectors vectors, int size) {
    List<String> vocabulary = vectors.vocabulary();
    this.words = List.copyOf(vocabulary.subList(0, Math.min(size, vocabulary.size())));
    this.dimension = words.isEmpty() ? 0 : vectors.vector(words.get(0)).length;
    this.index = new HashMap<>();
    this.unitRows = new float[words.size() * dimension];
    for (int row = 0; row < words.size(); row++) {
      index.put(words.get(row), row);
      float[] unit = Cosine.unit(vectors.vector(words.get(row)));
      System.arraycopy(unit, 0, unitRows, row * dimension, dimension);
    }
  }

  /** Whether every word of the question is among the searched words. */
  boolean covers(AnalogyQuestion question) {
    return question.words().stream().allMatch(index::containsKey);
  }

  /**
   * The best answer to each question, in order; every question must be {@linkplain #covers
   * covered}. Questions are answered in blocks that share one pass over the vectors, so each row is
   * read from memory once per block rather than once per question; blocks run in parallel.
   */
  List<String> answers(List<AnalogyQuestion> questions) {
    int blocks = (questions.size() + BLOCK - 1) / BLOCK;
    String[] answers = new String[questions.size()];
    IntStream.range(0, blocks).parallel().forEach(block -> {
      int from = block * BLOCK;
      answerBlock(questions.subList(from, Math.min(from + BLOCK, questions.size())), answers, from);
    });
    return Arrays.asList(answers);
  }

  private void answerBlock(List<AnalogyQuestion> block, String[] answers, int offset) {
    int n = block.size();
    float[][] queries = new float[n][];
    int[][] excluded = new int[n][];
    for (int q = 0; q < n; q++) {
      AnalogyQuestion question = block.get(q);
      excluded[q] = new int[] {index.get(question.a()), index.get(question.b()),
          index.get(question.c())};
      queries[q] = query(excluded[q][0], excluded[q][1], excluded[q][2]);
    }
    int[] best = new int[n];
    float[] bestScore = new float[n];
    Arrays.fill(best, -1);
    Arrays.fill(bestScore, Float.NEGATIVE_INFINITY);
    for (int row = 0; row < words.size(); row++) {
      for (int q = 0; q < n; q++) {
        float score = dot(queries[q], row * dimension);
        // Strictly greater: on a tie the earlier, more frequent word stays.
        if (score > bestScore[q] && !isExcluded(excluded[q], row)) {
          bestScore[q] = score;
          best[q] = row;
        }
      }
    }
    for (int q = 0; q < n; q++) {
      answers[offset + q] = best[q] < 0 ? null : words.get(best[q]);
    }
  }

  /**
   * {@code b - a + c} of unit vectors. Its own length is the same for every candidate, so the dot
   * product ranks candidates as the cosine does.
   */
  private float[] query(int a, int b, int c) {
    float[] query = new float[dimension];
    for (int k = 0; k < dimension; k++) {
      query[k] = unitRows[b * dimension + k] - unitRows[a * dimension + k]
          + unitRows[c * dimension + k];
    }
    return query;
  }

  private static boolean isExcluded(int[] excluded, int row) {
    return row == excluded[0] || row == excluded[1] || row == excluded[2];
  }

  /** Four partial sums: independent additions the CPU can overlap (one sum would chain them). */
  private float dot(float[] query, int offset) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int k = 0;
    for (; k + 3 < dimension; k += 4) {
      s0 += query[k] * unitRows[offset + k];
      s1 += query[k + 1] * unitRows[offset + k + 1];
      s2 += query[k + 2] * unitRows[offset + k + 2];
      s3 += query[k + 3] * unitRows[offset + k + 3];
    }
    for (; k < dimension; k++) {
      s0 += query[k] * unitRows[offset + k];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
