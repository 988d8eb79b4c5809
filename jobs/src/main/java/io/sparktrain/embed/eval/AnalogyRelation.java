package io.sparktrain.embed.eval;

/**
 * The relations analogy questions are built from, each mined from WordNet ({@link EvaluationSets}).
 * The label is the section name in {@code analogies.txt}, whose format is that of word2vec's
 * {@code questions-words.txt} (a {@code : label} line opens each section).
 */
public enum AnalogyRelation {
  /** City to country, from noun glosses: {@code paris : france}. */
  CAPITAL("capital-country"),
  /** Country to its adjective, from adjective glosses: {@code france : french}. */
  NATIONALITY("country-adjective"),
  /** An adjective to its WordNet antonym: {@code hot : cold}. */
  OPPOSITE("adjective-opposite"),
  /** A noun to its regular plural as the corpus spells it: {@code river : rivers}. */
  PLURAL("noun-plural"),
  /** A verb to its regular past tense as the corpus spells it: {@code walk : walked}. */
  PAST_TENSE("verb-past-tense");

  private final String label;

  AnalogyRelation(String label) {
    this.label = label;
  }

  /** The section name, e.g. {@code capital-country}. */
  public String label() {
    return label;
  }
}
