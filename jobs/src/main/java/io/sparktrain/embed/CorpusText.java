package io.sparktrain.embed;

import io.sparktrain.data.Corpus;
import java.util.regex.Pattern;

/**
 * What of a corpus line is text to learn from. WordNet's data files are mostly synset offsets,
 * lemma lists and pointers; only the gloss after {@code |} is prose. Their license header lines
 * start with two spaces and are skipped. Every other line is taken whole.
 */
final class CorpusText {

  private static final Pattern WORDNET_ENTRY = Pattern.compile("^\\d{8} \\d{2} [nvasr] .*");

  private CorpusText() {}

  /** The line's tokens, lower-cased; empty for a line with nothing to learn from. */
  static String[] tokens(String line) {
    if (line.startsWith("  ")) {
      return new String[0];
    }
    String text = line;
    if (WORDNET_ENTRY.matcher(line).matches()) {
      int bar = line.indexOf(" | ");
      text = bar < 0 ? "" : line.substring(bar + 3);
    }
    return Corpus.tokens(text).toArray(String[]::new);
  }
}
