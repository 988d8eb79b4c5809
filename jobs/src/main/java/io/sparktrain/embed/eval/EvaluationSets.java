package io.sparktrain.embed.eval;

import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The word-embedding evaluation sets built from WordNet: synonym tests ({@link WordNetPairs}) and
 * capital-of analogies ({@link CapitalAnalogies}). No analogy or similarity benchmark is available
 * from the package registries sparktrain fetches from, so these stand in for them; build them once
 * and score every set of vectors on the same files.
 */
public final class EvaluationSets {

  /** Seed of the control-pair draws and of the question sample. */
  public static final long DEFAULT_SEED = 1913L;
  /** Synonym tests, one {@code w1 w2 c1 c2} per line. */
  public static final String SYNONYMS_FILE = "synonyms.txt";
  /** Analogy questions, one {@code a b c d} per line ({@code a : b :: c : d}). */
  public static final String ANALOGIES_FILE = "analogies.txt";
  /** The mined (city, country) pairs, one {@code city country} per line, for reference. */
  public static final String CAPITALS_FILE = "capitals.txt";

  private final WordNetPairs synonyms;
  private final CapitalAnalogies capitals;
  private final int synsetCount;
  private final long seed;
  private final int maxQuestions;

  private EvaluationSets(List<Synset> synsets, long seed, int maxQuestions) {
    this.synonyms = WordNetPairs.of(synsets, seed);
    this.capitals = CapitalAnalogies.mine(synsets, maxQuestions, seed);
    this.synsetCount = synsets.size();
    this.seed = seed;
    this.maxQuestions = maxQuestions;
  }

  /**
   * The sets of an installed WordNet ({@code DataCache.fromEnvironment().ensure("wordnet")}), with
   * {@link #DEFAULT_SEED} and at most {@link CapitalAnalogies#DEFAULT_MAX_QUESTIONS} questions.
   *
   * @throws io.sparktrain.spec.DataException if a data file is missing or malformed
   */
  public static EvaluationSets fromWordNet(Path wordnetDir) {
    return of(WordNetFiles.read(wordnetDir), DEFAULT_SEED, CapitalAnalogies.DEFAULT_MAX_QUESTIONS);
  }

  /**
   * The sets of already parsed synsets: controls drawn and questions sampled with {@code seed}, at
   * most {@code maxQuestions} questions.
   *
   * @throws IllegalArgumentException as {@link WordNetPairs#of} and {@link CapitalAnalogies#mine}
   */
  public static EvaluationSets of(List<Synset> synsets, long seed, int maxQuestions) {
    return new EvaluationSets(synsets, seed, maxQuestions);
  }

  /** The synonym tests, alphabetical by synonym pair. */
  public List<SynonymTest> synonymTests() {
    return synonyms.tests();
  }

  /** The analogy questions. */
  public List<AnalogyQuestion> analogies() {
    return capitals.questions();
  }

  /** The (city, country) pairs the questions come from. */
  public List<WordPair> capitals() {
    return capitals.pairs();
  }

  /** How the sets were built and how they are scored, with their sizes, for the docs. */
  public String describe() {
    return String.format(Locale.ROOT, String.join("\n",
        "Evaluation sets built from WordNet 3.1 (%,d synsets of data.adj/adv/noun/verb), seed %d.",
        "",
        "Synonyms: %,d tests. Each pairs two different lemmas of one synset with a control pair of",
        "two random words drawn (java.util.Random, seeded) from the %,d words that occur in some",
        "synonym pair; a control is never itself a synonym pair. Only single-token lemmas count:",
        "lowercased, letters only, at least %d letters (no multiword, hyphenated or abbreviated forms).",
        "Score: the fraction of tests, among those whose four words all have vectors, where",
        "cos(w1, w2) > cos(c1, c2). Chance is 0.5.",
        "",
        "Analogies: %,d (city, country) pairs mined from noun glosses of the form \"capital (and",
        "largest city) of (the) Country\", the city being the synset's first single-token lemma;",
        "quoted examples, historical capitals (former, once, ancient...), multiword countries and",
        "adjectives (\"the Mexican state of\") are left out, and so are cities named like their",
        "country. Questions city1 : country1 :: city2 : country2 over ordered pairs of pairs that",
        "share no word: %,d of %,d candidates (a seeded sample when over the cap of %,d).",
        "Score: top-1 accuracy of 3CosAdd (nearest unit vector to b - a + c by cosine, a, b and c",
        "excluded) over the %,d most frequent words, among questions whose four words are all",
        "among them."),
        synsetCount, seed, synonymTests().size(), synonyms.vocabularySize(),
        Synset.MIN_LEMMA_LENGTH, capitals().size(), analogies().size(),
        capitals.candidateCount(), maxQuestions, EmbeddingEvaluation.DEFAULT_SEARCH_SIZE);
  }

  /**
   * Writes {@value #SYNONYMS_FILE}, {@value #ANALOGIES_FILE} and {@value #CAPITALS_FILE} into
   * {@code dir} (created if absent), UTF-8, words separated by one space, one item per line.
   *
   * @throws OutputException if a file cannot be written
   */
  public void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(SYNONYMS_FILE), lines(synonymTests()));
      Files.write(dir.resolve(ANALOGIES_FILE), lines(analogies()));
      Files.write(dir.resolve(CAPITALS_FILE), lines(capitals()));
    } catch (IOException e) {
      throw new OutputException("cannot write the evaluation sets to " + dir + ": " + e.getMessage(),
          e);
    }
  }

  private static List<String> lines(List<?> items) {
    return items.stream().map(Object::toString).toList();
  }
}
