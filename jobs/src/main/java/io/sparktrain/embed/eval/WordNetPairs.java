package io.sparktrain.embed.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Synonym tests from WordNet: every unordered pair of two different single-token lemmas of one
 * synset ({@link Synset#singleTokenLemmas()}), each with a control pair of two random words.
 *
 * <p>The controls are drawn from the words that occur in some synonym pair, so synonyms and
 * controls come from the same population of (mostly rare) words and differ only in being related.
 * A control is never itself a synonym pair. The result depends only on the synsets and the seed:
 * pairs are sorted before the draws and {@link Random} is specified to give the same sequence for
 * a seed on every JVM.
 */
public final class WordNetPairs {

  private final List<SynonymTest> tests;
  private final int vocabularySize;

  private WordNetPairs(List<SynonymTest> tests, int vocabularySize) {
    this.tests = tests;
    this.vocabularySize = vocabularySize;
  }

  /**
   * The synonym tests of {@code synsets}, controls drawn with {@code seed}.
   *
   * @throws IllegalArgumentException if every pair of the words is a synonym pair, so no control
   *     can be drawn
   */
  public static WordNetPairs of(List<Synset> synsets, long seed) {
    Set<WordPair> synonyms = synonymPairs(synsets);
    List<String> vocabulary = vocabulary(synonyms);
    long possiblePairs = (long) vocabulary.size() * (vocabulary.size() - 1) / 2;
    if (possiblePairs <= synonyms.size()) {
      throw new IllegalArgumentException("every pair of the " + vocabulary.size()
          + " words is a synonym pair: no control pair can be drawn");
    }
    Random random = new Random(seed);
    List<SynonymTest> tests = new ArrayList<>(synonyms.size());
    for (WordPair pair : synonyms) {
      tests.add(new SynonymTest(pair, control(vocabulary, synonyms, random)));
    }
    return new WordNetPairs(List.copyOf(tests), vocabulary.size());
  }

  /** The tests, in the order of their synonym pairs (alphabetical). */
  public List<SynonymTest> tests() {
    return tests;
  }

  /** How many different words the synonym pairs use (the pool controls are drawn from). */
  public int vocabularySize() {
    return vocabularySize;
  }

  private static Set<WordPair> synonymPairs(List<Synset> synsets) {
    Set<WordPair> pairs = new TreeSet<>();
    for (Synset synset : synsets) {
      List<String> lemmas = synset.singleTokenLemmas();
      for (int i = 0; i < lemmas.size(); i++) {
        for (int j = i + 1; j < lemmas.size(); j++) {
          pairs.add(WordPair.unordered(lemmas.get(i), lemmas.get(j)));
        }
      }
    }
    return pairs;
  }

  private static List<String> vocabulary(Set<WordPair> pairs) {
    Set<String> words = new TreeSet<>();
    for (WordPair pair : pairs) {
      words.add(pair.first());
      words.add(pair.second());
    }
    return List.copyOf(words);
  }

  /** Two different random words that are not a synonym pair (rejection sampling). */
  private static WordPair control(List<String> vocabulary, Set<WordPair> synonyms, Random random) {
    while (true) {
      String a = vocabulary.get(random.nextInt(vocabulary.size()));
      String b = vocabulary.get(random.nextInt(vocabulary.size()));
      if (!a.equals(b) && !synonyms.contains(WordPair.unordered(a, b))) {
        return WordPair.unordered(a, b);
      }
    }
  }
}
