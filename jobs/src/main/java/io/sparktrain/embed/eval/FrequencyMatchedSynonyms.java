package io.sparktrain.embed.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Synonym tests from WordNet with controls matched in frequency and part of speech: every unordered
 * pair of two different single-token lemmas of one synset, both in the corpus vocabulary, is set
 * against a control pair (c1, c2) where c1 is a word of the same part of speech as the synset and
 * of nearly the same corpus frequency as w1, and c2 likewise for w2.
 *
 * <p>Why matched: vectors encode frequency, and two common words tend to be closer than two rare
 * ones whatever they mean. Synonym pairs are often common words, random words mostly rare, so
 * against random controls a trainer scores well by encoding frequency. Here a control word is
 * drawn among the {@value #NEIGHBOURS} words of its class nearest in frequency rank, so only
 * meaning separates synonyms from controls. A control is never itself a synonym pair.
 *
 * <p>Adjective satellites count as adjectives ({@link Synset#wordClass()}); a pair that is
 * synonymous in two classes is tested once, in the first class found (file order: adjectives,
 * adverbs, nouns, verbs). The result depends only on the synsets, the vocabulary order and the seed.
 */
final class FrequencyMatchedSynonyms {

  /** A control word is drawn among this many words of its class nearest in rank. */
  static final int NEIGHBOURS = 10;
  private static final int CONTROL_TRIES = 50;

  private FrequencyMatchedSynonyms() {}

  /**
   * The tests of {@code synsets} over {@code vocabulary} (most frequent first), controls drawn with
   * {@code seed}. A pair whose controls cannot be drawn (a class with too few words) is left out.
   */
  static List<SynonymTest> of(List<Synset> synsets, List<String> vocabulary, long seed) {
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < vocabulary.size(); i++) {
      rank.putIfAbsent(vocabulary.get(i), i);
    }
    Map<Character, List<String>> byClass = new TreeMap<>();
    Map<WordPair, Character> synonyms = new TreeMap<>();
    for (Synset synset : synsets) {
      List<String> lemmas = synset.singleTokenLemmas().stream().filter(rank::containsKey).toList();
      List<String> ofClass = byClass.computeIfAbsent(synset.wordClass(), c -> new ArrayList<>());
      ofClass.addAll(lemmas);
      for (int i = 0; i < lemmas.size(); i++) {
        for (int j = i + 1; j < lemmas.size(); j++) {
          synonyms.putIfAbsent(WordPair.unordered(lemmas.get(i), lemmas.get(j)),
              synset.wordClass());
        }
      }
    }
    byClass.replaceAll((c, words) -> words.stream().distinct()
        .sorted((a, b) -> Integer.compare(rank.get(a), rank.get(b))).toList());

    Random random = new Random(seed);
    List<SynonymTest> tests = new ArrayList<>(synonyms.size());
    synonyms.forEach((pair, wordClass) -> {
      WordPair control = control(pair, byClass.get(wordClass), rank, synonyms.keySet(), random);
      if (control != null) {
        tests.add(new SynonymTest(pair, control));
      }
    });
    return List.copyOf(tests);
  }

  private static WordPair control(WordPair pair, List<String> ofClass, Map<String, Integer> rank,
      Set<WordPair> synonyms, Random random) {
    for (int t = 0; t < CONTROL_TRIES; t++) {
      String c1 = neighbour(pair.first(), ofClass, rank, Set.of(pair.first(), pair.second()),
          random);
      if (c1 == null) {
        return null;
      }
      String c2 = neighbour(pair.second(), ofClass, rank,
          Set.of(pair.first(), pair.second(), c1), random);
      if (c2 == null) {
        return null;
      }
      WordPair control = WordPair.unordered(c1, c2);
      if (!synonyms.contains(control)) {
        return control;
      }
    }
    return null;
  }

  /** A random word of {@code ofClass} among the nearest in rank to {@code word}, not excluded. */
  private static String neighbour(String word, List<String> ofClass, Map<String, Integer> rank,
      Set<String> excluded, Random random) {
    int at = position(word, ofClass, rank);
    List<String> near = new ArrayList<>(NEIGHBOURS);
    // Widen symmetrically until enough words qualify; ties in distance go to the more frequent.
    for (int d = 1; near.size() < NEIGHBOURS && (at - d >= 0 || at + d < ofClass.size()); d++) {
      for (int i : new int[] {at - d, at + d}) {
        if (i >= 0 && i < ofClass.size() && !excluded.contains(ofClass.get(i))
            && near.size() < NEIGHBOURS) {
          near.add(ofClass.get(i));
        }
      }
    }
    return near.isEmpty() ? null : near.get(random.nextInt(near.size()));
  }

  /** Where {@code word} sits in {@code ofClass}, which is sorted by rank and holds it. */
  private static int position(String word, List<String> ofClass, Map<String, Integer> rank) {
    int target = rank.get(word);
    int lo = 0;
    int hi = ofClass.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (rank.get(ofClass.get(mid)) < target) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
