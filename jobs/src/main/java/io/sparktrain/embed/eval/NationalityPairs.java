package io.sparktrain.embed.eval;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * (country, adjective) pairs mined from adjective glosses of the form "of or pertaining to France or
 * the people of France" (or "relating to", "or characteristic of"): the adjective is the synset's
 * first single-token lemma ({@code french}), the place the one capitalised word after "to"
 * ({@code france}). The same glosses also name regions, cities and peoples ("of or relating to
 * Athens or its inhabitants", "Jews"): the same relation of a proper noun to its adjective, so they
 * stay. A place followed by another capitalised word ("New Zealand") is skipped.
 */
final class NationalityPairs {

  private static final Pattern OF_PLACE = Pattern.compile(
      "^(?:of or )?(?:relating|pertaining) to (?:or characteristic of )?(?:the )?([A-Z][a-z]+)"
          + "(?= or |;|$)");

  private NationalityPairs() {}

  /** The pairs of the adjective synsets of {@code synsets}, sorted by place then adjective. */
  static List<WordPair> mine(List<Synset> synsets) {
    Set<WordPair> pairs = new TreeSet<>();
    for (Synset synset : synsets) {
      if (synset.wordClass() != 'a') {
        continue;
      }
      List<String> lemmas = synset.singleTokenLemmas();
      Matcher m = OF_PLACE.matcher(synset.gloss());
      if (lemmas.isEmpty() || !m.find()) {
        continue;
      }
      String place = Synset.singleToken(m.group(1));
      if (place != null && !place.equals(lemmas.get(0))) {
        pairs.add(new WordPair(place, lemmas.get(0)));
      }
    }
    return List.copyOf(pairs);
  }
}
