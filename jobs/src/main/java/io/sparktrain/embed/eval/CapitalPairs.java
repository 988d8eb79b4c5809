package io.sparktrain.embed.eval;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Capital-of analogies mined from WordNet noun glosses. A city synset whose gloss says "the capital
 * and largest city of France" or "capital of Peru" gives the pair (city, country): the city is the
 * synset's first single-token lemma, the country the one capitalised word after "of" (or
 * "of the"). Questions {@code city1 : country1 :: city2 : country2} are then formed from ordered
 * pairs of pairs.
 *
 * <p>Filters, each against a kind of false pair seen in WordNet 3.1:
 * <ul>
 *   <li>quoted usage examples are removed first ("the crime capital of Italy" under the synset
 *       {@code capital});
 *   <li>historical or qualified capitals are skipped: "former", "formerly", "was", "once", "as",
 *       "ancient", "medieval", "traditional" or "joint" earlier in the same clause (the text since
 *       the last semicolon) as "capital": Kyoto, Nanjing, Lagos, "ancient commercial center and
 *       capital of Syria" (Antioch);
 *   <li>a country must be one whole word: not followed by another capitalised word
 *       ("Cape Verde", "Antigua and Barbuda"), a hyphen or apostrophe ("Guinea-Bissau",
 *       "People's"), "of" ("the Republic of the Congo") or a lowercase noun that marks an
 *       adjective or a province ("the Mexican state of", "the Inca empire", "Guangdong province");
 *   <li>a city named like its country (Djibouti, Kuwait, Singapore) is dropped.
 * </ul>
 * State capitals ("state capital of Texas") are kept: they are the same relation.
 *
 * <p>Pairs sharing a city or a country (Tbilisi and Atlanta are both capitals of a Georgia) are
 * never combined into one question ({@link AnalogyQuestions}), since the answer would equal a
 * given word.
 */
public final class CapitalPairs {

  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");
  /** "capital", optionally "and largest city" (or "and largest city and economic center"), "of". */
  private static final Pattern CAPITAL_OF = Pattern.compile(
      "\\bcapital(?: and [a-z]+(?: [a-z]+)?)* of (?:the )?([A-Z][a-z]+)");
  private static final Pattern WORD = Pattern.compile("[a-z]+");
  private static final Set<String> HISTORICAL = Set.of("former", "formerly", "was", "were", "once",
      "as", "ancient", "medieval", "traditional", "joint");
  private static final Set<String> NOT_A_COUNTRY_AFTER = Set.of("of", "state", "province",
      "empire", "kingdom", "region", "republic");

  private CapitalPairs() {}

  /**
   * The (city, country) pairs of the noun synsets in {@code synsets} (other parts of speech are
   * ignored), sorted by city then country, lowercase.
   */
  public static List<WordPair> mine(List<Synset> synsets) {
    Set<WordPair> pairs = new TreeSet<>();
    for (Synset synset : synsets) {
      if (synset.partOfSpeech() == 'n') {
        capitalPairs(synset, pairs);
      }
    }
    return List.copyOf(pairs);
  }

  private static void capitalPairs(Synset synset, Set<WordPair> into) {
    List<String> lemmas = synset.singleTokenLemmas();
    if (lemmas.isEmpty()) {
      return;
    }
    String city = lemmas.get(0);
    String gloss = QUOTED.matcher(synset.gloss()).replaceAll("");
    Matcher m = CAPITAL_OF.matcher(gloss);
    while (m.find()) {
      String country = Synset.singleToken(m.group(1));
      if (country != null && !country.equals(city) && !isHistorical(gloss.substring(0, m.start()))
          && endsTheName(gloss.substring(m.end()))) {
        into.add(new WordPair(city, country));
      }
    }
  }

  private static boolean isHistorical(String before) {
    String clause = before.substring(before.lastIndexOf(';') + 1).toLowerCase(Locale.ROOT);
    Matcher words = WORD.matcher(clause);
    while (words.find()) {
      if (HISTORICAL.contains(words.group())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the capitalised word just matched is a whole name, judged by the text after it. */
  private static boolean endsTheName(String after) {
    if (after.isEmpty() || ";,.:()".indexOf(after.charAt(0)) >= 0) {
      return true;
    }
    if (!Character.isWhitespace(after.charAt(0))) {
      return false;
    }
    String[] next = after.strip().split("\\s+", 3);
    String word = next[0];
    if (word.isEmpty() || Character.isUpperCase(word.charAt(0))
        || NOT_A_COUNTRY_AFTER.contains(word.replaceAll("\\W+$", ""))) {
      return false;
    }
    boolean andAnotherName = word.equals("and") && next.length > 1
        && Character.isUpperCase(next[1].charAt(0));
    return !andAnotherName;
  }
}
