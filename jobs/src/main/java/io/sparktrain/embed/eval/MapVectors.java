package io.sparktrain.embed.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link Vectors} over a copied map, for tests and for vectors already in memory. */
final class MapVectors implements Vectors {

  private final Map<String, float[]> vectors;
  private final List<String> vocabulary;

  MapVectors(LinkedHashMap<String, float[]> byFrequency) {
    if (byFrequency.isEmpty()) {
      throw new IllegalArgumentException("no vectors");
    }
    int dimension = byFrequency.values().iterator().next().length;
    for (Map.Entry<String, float[]> e : byFrequency.entrySet()) {
      if (e.getValue().length != dimension) {
        throw new IllegalArgumentException("vector of " + e.getKey() + " has length "
            + e.getValue().length + ", expected " + dimension);
      }
    }
    this.vectors = new LinkedHashMap<>(byFrequency);
    this.vocabulary = List.copyOf(byFrequency.keySet());
  }

  @Override
  public float[] vector(String word) {
    float[] v = vectors.get(word);
    if (v == null) {
      throw new IllegalArgumentException("not in the vocabulary: " + word);
    }
    return v;
  }

  @Override
  public boolean contains(String word) {
    return vectors.containsKey(word);
  }

  @Override
  public List<String> vocabulary() {
    return vocabulary;
  }
}
