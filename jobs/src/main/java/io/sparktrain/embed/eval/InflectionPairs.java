package io.sparktrain.embed.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * (lemma, inflected form) pairs for the regular English plural of nouns and past tense of verbs.
 * WordNet lists lemmas only, so the form is made by the spelling rules and kept when the corpus has
 * it: a pair needs both words among the searched words, and a form that is a WordNet lemma itself
 * ({@code arms}, {@code glasses}, {@code used}) is left out, as its vectors mean something of their
 * own. Irregular forms (WordNet's {@code *.exc} files) are not used: the data set installs only the
 * {@code data.*} files.
 */
final class InflectionPairs {

  private InflectionPairs() {}

  /** (noun, plural): {@code river : rivers}, {@code box : boxes}, {@code city : cities}. */
  static List<WordPair> plurals(List<Synset> synsets, Set<String> searched) {
    return mine(synsets, 'n', searched, InflectionPairs::plural);
  }

  /** (verb, past tense): {@code walk : walked}, {@code move : moved}, {@code carry : carried}. */
  static List<WordPair> pastTenses(List<Synset> synsets, Set<String> searched) {
    return mine(synsets, 'v', searched, InflectionPairs::pastTense);
  }

  static String plural(String noun) {
    if (noun.endsWith("s") || noun.endsWith("x") || noun.endsWith("z") || noun.endsWith("ch")
        || noun.endsWith("sh")) {
      return noun + "es";
    }
    return consonantY(noun) ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
  }

  static String pastTense(String verb) {
    if (verb.endsWith("e")) {
      return verb + "d";
    }
    return consonantY(verb) ? verb.substring(0, verb.length() - 1) + "ied" : verb + "ed";
  }

  private static boolean consonantY(String word) {
    return word.length() > 1 && word.endsWith("y")
        && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0;
  }

  private static List<WordPair> mine(List<Synset> synsets, char wordClass, Set<String> searched,
      UnaryOperator<String> inflect) {
    Set<String> lemmas = new HashSet<>();
    Set<String> ofClass = new TreeSet<>();
    for (Synset synset : synsets) {
      for (String lemma : synset.singleTokenLemmas()) {
        lemmas.add(lemma);
        if (synset.wordClass() == wordClass) {
          ofClass.add(lemma);
        }
      }
    }
    Set<WordPair> pairs = new TreeSet<>();
    for (String lemma : ofClass) {
      String form = inflect.apply(lemma);
      if (searched.contains(lemma) && searched.contains(form) && !lemmas.contains(form)) {
        pairs.add(new WordPair(lemma, form));
      }
    }
    return List.copyOf(pairs);
  }
}
