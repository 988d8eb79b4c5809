package io.sparktrain.embed.eval;

/**
 * One synonym test: embeddings pass it when the synonyms are closer (by cosine) than the control
 * pair, two words drawn at random from the same vocabulary.
 *
 * @param synonyms two lemmas of one WordNet synset
 * @param control two random lemmas
 */
public record SynonymTest(WordPair synonyms, WordPair control) {

  /** {@code w1 w2 c1 c2}, the line format of {@code synonyms.txt}. */
  @Override
  public String toString() {
    return synonyms + " " + control;
  }
}
