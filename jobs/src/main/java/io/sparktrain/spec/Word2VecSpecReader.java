package io.sparktrain.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Word2Vec pretraining spec:
 *
 * <pre>
 * name: w2v
 * corpus: [sotu, moby-dick, wordnet, gcide]
 * word2vec: {model: skip-gram, dim: 100, window: 5, negative: 5, minCount: 5, epochs: 5}
 * training: {workers: 2, roundsPerEpoch: 4, threads: 1, combine: sum, seed: 42}
 * output: {runsDir: runs}
 * </pre>
 *
 * Every problem is reported at once with its path, as for job specs.
 */
public final class Word2VecSpecReader {

  private static final List<String> TOP = List.of("name", "corpus", "word2vec", "training",
      "output");
  private static final List<String> MODEL = List.of("model", "dim", "window", "negative",
      "minCount", "maxVocabulary", "sample", "epochs", "learningRate", "minLearningRate");
  private static final List<String> TRAINING = List.of("workers", "roundsPerEpoch", "threads",
      "combine", "seed");

  /** The two architectures of Mikolov et al. (2013). */
  public enum Model { SKIP_GRAM, CBOW }

  /** How the workers' replicas are combined every round. */
  public enum Combine { SUM, AVERAGE }

  private Word2VecSpecReader() {}

  public static Word2VecSpec read(Path file) {
    Problems problems = new Problems();
    SpecNode root = SpecNode.root(YamlTree.read(file), problems);
    Word2VecSpec spec = null;
    if (root.isMapping("the document is empty")) {
      root.checkKeys(TOP);
      spec = spec(root, SectionReader.output(root.get("output")));
    }
    problems.throwIfAny(file.toString());
    return spec;
  }

  /** The Word2Vec settings of a spec or of a pipeline stage; {@code output} is the caller's. */
  public static Word2VecSpec spec(SpecNode root, OutputSpec output) {
    String name = SpecReader.name(root.get("name"));
    List<String> corpus = corpus(root.get("corpus"));
    SpecNode m = root.get("word2vec");
    if (m.isMapping(null)) {
      m.checkKeys(MODEL);
    }
    Model model = m.get("model").enumValue(Model.class, Model.SKIP_GRAM);
    boolean skipGram = model == Model.SKIP_GRAM;
    Range positive = Range.atLeast(1);
    SpecNode maxVocabulary = m.get("maxVocabulary");
    SpecNode t = root.get("training");
    if (t.isMapping(null)) {
      t.checkKeys(TRAINING);
    }
    return new Word2VecSpec(name, corpus, skipGram,
        m.get("dim").integer(100, positive),
        m.get("window").integer(5, positive),
        m.get("negative").integer(5, positive),
        m.get("minCount").integer(5, positive),
        maxVocabulary.isPresent() ? Integer.valueOf(maxVocabulary.integer(1, positive)) : null,
        m.get("sample").number(1e-3, Range.NON_NEGATIVE),
        m.get("epochs").integer(5, positive),
        m.get("learningRate").number(skipGram ? 0.025 : 0.05, Range.POSITIVE),
        m.get("minLearningRate").number(1e-4, Range.POSITIVE),
        t.get("threads").integer(1, positive),
        t.get("workers").integer(2, positive),
        t.get("roundsPerEpoch").integer(4, positive),
        t.get("combine").enumValue(Combine.class, Combine.SUM) == Combine.AVERAGE,
        t.get("seed").longInteger(42),
        output);
  }

  private static List<String> corpus(SpecNode node) {
    if (!node.require()) {
      return List.of();
    }
    List<String> corpus = new ArrayList<>();
    for (SpecNode item : node.elements()) {
      String entry = item.text(null);
      if (entry != null && entry.isBlank()) {
        item.problem("must name a corpus set (" + String.join(", ", Word2VecSpec.CORPORA)
            + ") or a path");
      } else if (entry != null) {
        corpus.add(entry);
      }
    }
    if (node.isList() && corpus.isEmpty()) {
      node.problem("must list at least one corpus");
    }
    return List.copyOf(corpus);
  }
}
