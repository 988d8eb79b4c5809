package io.sparktrain.embed.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Analogy questions {@code x1 : y1 :: x2 : y2} from the pairs of one relation: ordered pairs of two
 * pairs that share no word (a shared word would make the answer one of the given words).
 */
final class AnalogyQuestions {

  /** Above this many candidates they are drawn at random rather than listed and sampled. */
  private static final long LIST_LIMIT = 1_000_000L;

  private AnalogyQuestions() {}

  /**
   * At most {@code max} questions from {@code pairs}, the same for the same pairs and seed. With
   * few pairs every candidate is listed and a seeded sample kept in list order; with many (the
   * inflections give thousands of pairs, millions of candidates) distinct candidates are drawn at
   * random until {@code max} are found or the draws run dry.
   *
   * @throws IllegalArgumentException if {@code max} is negative
   */
  static List<AnalogyQuestion> sample(List<WordPair> pairs, int max, long seed) {
    if (max < 0) {
      throw new IllegalArgumentException("max: must be >= 0, found " + max);
    }
    Random random = new Random(seed);
    long candidates = (long) pairs.size() * pairs.size();
    if (candidates <= LIST_LIMIT) {
      List<AnalogyQuestion> all = all(pairs);
      if (all.size() <= max) {
        return all;
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, random);
      return order.subList(0, max).stream().sorted().map(all::get).toList();
    }
    Set<AnalogyQuestion> drawn = new LinkedHashSet<>();
    for (long tries = 0; drawn.size() < max && tries < 20L * max; tries++) {
      WordPair example = pairs.get(random.nextInt(pairs.size()));
      WordPair asked = pairs.get(random.nextInt(pairs.size()));
      if (!sharesAWord(example, asked)) {
        drawn.add(question(example, asked));
      }
    }
    return List.copyOf(drawn);
  }

  private static List<AnalogyQuestion> all(List<WordPair> pairs) {
    List<AnalogyQuestion> all = new ArrayList<>();
    for (WordPair example : pairs) {
      for (WordPair asked : pairs) {
        if (!sharesAWord(example, asked)) {
          all.add(question(example, asked));
        }
      }
    }
    return all;
  }

  private static AnalogyQuestion question(WordPair example, WordPair asked) {
    return new AnalogyQuestion(example.first(), example.second(), asked.first(), asked.second());
  }

  private static boolean sharesAWord(WordPair x, WordPair y) {
    return x.first().equals(y.first()) || x.first().equals(y.second())
        || x.second().equals(y.first()) || x.second().equals(y.second());
  }
}
