package io.sparktrain.embed.eval;

import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The word-embedding evaluation sets built from WordNet for one corpus vocabulary: synonym tests
 * with frequency-matched controls ({@link FrequencyMatchedSynonyms}) and analogy questions of five
 * relations ({@link AnalogyRelation}). No analogy or similarity benchmark is available from the
 * package registries sparktrain fetches from, so these stand in for them. The sets depend on the
 * vocabulary's frequency order: build them once from the corpus and score every trainer's vectors
 * of that corpus on the same files.
 */
public final class EvaluationSets {

  /** Seed of the control draws and of the question samples. */
  public static final long DEFAULT_SEED = 1913L;
  /** Default cap on the questions of each relation. */
  public static final int DEFAULT_QUESTIONS_PER_RELATION = 1_000;
  /** Synonym tests, one {@code w1 w2 c1 c2} per line. */
  public static final String SYNONYMS_FILE = "synonyms.txt";
  /** Analogy questions in word2vec's {@code questions-words.txt} format. */
  public static final String ANALOGIES_FILE = "analogies.txt";
  /** The mined pairs, one {@code relation x y} per line, for reference. */
  public static final String RELATIONS_FILE = "relations.txt";

  private final List<SynonymTest> synonymTests;
  private final Map<AnalogyRelation, List<WordPair>> pairs;
  private final Map<AnalogyRelation, List<AnalogyQuestion>> questions;
  private final int synsetCount;
  private final int searchSize;
  private final long seed;
  private final int maxQuestions;

  private EvaluationSets(List<Synset> synsets, List<String> vocabulary, int searchSize, long seed,
      int maxQuestions) {
    Set<String> searched = new HashSet<>(vocabulary.subList(0,
        Math.min(searchSize, vocabulary.size())));
    this.synonymTests = FrequencyMatchedSynonyms.of(synsets, vocabulary, seed);
    this.pairs = new EnumMap<>(AnalogyRelation.class);
    pairs.put(AnalogyRelation.CAPITAL, CapitalPairs.mine(synsets));
    pairs.put(AnalogyRelation.NATIONALITY, NationalityPairs.mine(synsets));
    pairs.put(AnalogyRelation.OPPOSITE, AntonymPairs.mine(synsets));
    pairs.put(AnalogyRelation.PLURAL, InflectionPairs.plurals(synsets, searched));
    pairs.put(AnalogyRelation.PAST_TENSE, InflectionPairs.pastTenses(synsets, searched));
    // Only pairs the corpus can answer: a question with an unsearched word is never covered.
    pairs.replaceAll((relation, mined) -> mined.stream()
        .filter(p -> searched.contains(p.first()) && searched.contains(p.second())).toList());
    this.questions = new EnumMap<>(AnalogyRelation.class);
    pairs.forEach((relation, mined) -> questions.put(relation,
        AnalogyQuestions.sample(mined, maxQuestions, seed + relation.ordinal())));
    this.synsetCount = synsets.size();
    this.searchSize = searchSize;
    this.seed = seed;
    this.maxQuestions = maxQuestions;
  }

  /**
   * The sets of an installed WordNet ({@code DataCache.fromEnvironment().ensure("wordnet")}) for a
   * corpus whose words, most frequent first, are {@code vocabulary}; defaults for the rest.
   *
   * @throws io.sparktrain.spec.DataException if a data file is missing or malformed
   */
  public static EvaluationSets fromWordNet(Path wordnetDir, List<String> vocabulary) {
    return of(WordNetFiles.read(wordnetDir), vocabulary, EmbeddingEvaluation.DEFAULT_SEARCH_SIZE,
        DEFAULT_SEED, DEFAULT_QUESTIONS_PER_RELATION);
  }

  /**
   * The sets of already parsed synsets for {@code vocabulary} (most frequent first): analogy pairs
   * among its first {@code searchSize} words, controls drawn and questions sampled with
   * {@code seed}, at most {@code maxQuestions} questions per relation.
   *
   * @throws IllegalArgumentException if {@code maxQuestions} is negative
   */
  public static EvaluationSets of(List<Synset> synsets, List<String> vocabulary, int searchSize,
      long seed, int maxQuestions) {
    return new EvaluationSets(synsets, vocabulary, searchSize, seed, maxQuestions);
  }

  /** The synonym tests, alphabetical by synonym pair. */
  public List<SynonymTest> synonymTests() {
    return synonymTests;
  }

  /** The questions of every relation, keyed by its label, in {@link AnalogyRelation} order. */
  public Map<String, List<AnalogyQuestion>> analogiesByRelation() {
    Map<String, List<AnalogyQuestion>> byLabel = new LinkedHashMap<>();
    questions.forEach((relation, asked) -> byLabel.put(relation.label(), asked));
    return byLabel;
  }

  /** The mined pairs of one relation, both words among the searched ones. */
  public List<WordPair> pairs(AnalogyRelation relation) {
    return pairs.get(relation);
  }

  /** How the sets were built and how they are scored, with their sizes, for the docs. */
  public String describe() {
    StringBuilder relations = new StringBuilder();
    for (AnalogyRelation relation : AnalogyRelation.values()) {
      relations.append(String.format(Locale.ROOT, "  %-20s %,6d pairs, %,6d questions%n",
          relation.label(), pairs.get(relation).size(), questions.get(relation).size()));
    }
    return String.format(Locale.ROOT, String.join("\n",
        "Evaluation sets built from WordNet 3.1 (%,d synsets of data.adj/adv/noun/verb), seed %d.",
        "",
        "Synonyms: %,d tests. Each pairs two different single-token lemmas of one synset (both in",
        "the corpus vocabulary) with a control pair (c1, c2) of the same part of speech, c1 drawn",
        "among the %d words nearest to w1 in corpus frequency rank, c2 likewise for w2; a control is",
        "never itself a synonym pair. Score: ROC AUC of cos(w1, w2) over the synonym pairs against",
        "cos(c1, c2) over the controls. Chance is 0.5.",
        "",
        "Analogies: at most %,d questions per relation, x1 : y1 :: x2 : y2 over two pairs of one",
        "relation that share no word, both words of every pair among the %,d most frequent:",
        "%s",
        "Capitals are mined from noun glosses (\"the capital and largest city of France\"), country",
        "adjectives from adjective glosses (\"of or relating to France or its people\"), opposites from",
        "WordNet's antonym pointers between adjectives (both directions), plurals and past tenses by",
        "the regular spelling rules from noun and verb lemmas, kept when the corpus has the form and",
        "the form is not a WordNet lemma itself. Score: top-1 accuracy of 3CosAdd (nearest unit",
        "vector to b - a + c by cosine, a, b and c excluded) over the %,d most frequent words."),
        synsetCount, seed, synonymTests.size(), FrequencyMatchedSynonyms.NEIGHBOURS, maxQuestions,
        searchSize, relations, searchSize);
  }

  /**
   * Writes {@value #SYNONYMS_FILE}, {@value #ANALOGIES_FILE} (word2vec's questions-words format,
   * which gensim's {@code evaluate_word_analogies} reads) and {@value #RELATIONS_FILE} into
   * {@code dir} (created if absent), UTF-8.
   *
   * @throws OutputException if a file cannot be written
   */
  public void write(Path dir) {
    List<String> analogyLines = new ArrayList<>();
    List<String> relationLines = new ArrayList<>();
    for (AnalogyRelation relation : AnalogyRelation.values()) {
      analogyLines.add(": " + relation.label());
      questions.get(relation).forEach(q -> analogyLines.add(q.toString()));
      pairs.get(relation).forEach(p -> relationLines.add(relation.label() + " " + p));
    }
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(SYNONYMS_FILE), synonymTests.stream().map(Object::toString).toList());
      Files.write(dir.resolve(ANALOGIES_FILE), analogyLines);
      Files.write(dir.resolve(RELATIONS_FILE), relationLines);
    } catch (IOException e) {
      throw new OutputException("cannot write the evaluation sets to " + dir + ": " + e.getMessage(),
          e);
    }
  }
}
