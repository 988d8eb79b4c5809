package io.sparktrain.spec;

import io.sparktrain.spec.Word2VecSpec.Architecture;
import io.sparktrain.spec.Word2VecSpec.Combine;
import io.sparktrain.spec.Word2VecSpec.Saturation;
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
 * training: {workers: 2, roundsPerEpoch: 16, threads: 1, combine: sum, seed: 42}
 * output: {runsDir: runs}
 * </pre>
 *
 * Every problem is reported at once with its path, as for job specs.
 */
public final class Word2VecSpecReader {

  private static final List<String> TOP = List.of("name", "corpus", "word2vec", "training",
      "output");
  private static final List<String> MODEL = List.of("model", "dim", "window", "negative",
      "minCount", "maxVocabulary", "sample", "epochs", "learningRate", "minLearningRate", "shrinkWindow", "saturation");
  private static final List<String> TRAINING = List.of("workers", "roundsPerEpoch", "threads",
      "combine", "seed");

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

  /**
   * The Word2Vec settings of a spec or of a pipeline stage; {@code output} is the caller's. The
   * ranges are the record's to check; its problems are recorded under {@code root}'s path.
   *
   * @return the spec, or null when the record found a problem
   */
  public static Word2VecSpec spec(SpecNode root, OutputSpec output) {
    String name = SpecReader.name(root.get("name"));
    List<String> corpus = corpus(root.get("corpus"));
    SpecNode m = root.get("word2vec");
    if (m.isMapping(null)) {
      m.checkKeys(MODEL);
    }
    Architecture architecture = m.get("model").enumValue(Architecture.class,
        Architecture.SKIP_GRAM);
    SpecNode maxVocabulary = m.get("maxVocabulary");
    SpecNode t = root.get("training");
    if (t.isMapping(null)) {
      t.checkKeys(TRAINING);
    }
    try {
      return new Word2VecSpec(name, corpus, architecture,
          m.get("dim").integer(Word2VecSpec.DEFAULT_DIM, Range.ANY),
          m.get("window").integer(Word2VecSpec.DEFAULT_WINDOW, Range.ANY),
          m.get("negative").integer(Word2VecSpec.DEFAULT_NEGATIVE, Range.ANY),
          m.get("minCount").integer(Word2VecSpec.DEFAULT_MIN_COUNT, Range.ANY),
          maxVocabulary.isPresent() ? Integer.valueOf(maxVocabulary.integer(1, Range.ANY)) : null,
          m.get("sample").number(Word2VecSpec.DEFAULT_SAMPLE, Range.ANY),
          m.get("epochs").integer(Word2VecSpec.DEFAULT_EPOCHS, Range.ANY),
          m.get("learningRate").number(architecture.defaultLearningRate(), Range.ANY),
          m.get("minLearningRate").number(Word2VecSpec.DEFAULT_MIN_LEARNING_RATE, Range.ANY),
          m.get("shrinkWindow").bool(true),
          m.get("saturation").enumValue(Saturation.class, Saturation.UPDATE),
          t.get("threads").integer(Word2VecSpec.DEFAULT_THREADS, Range.ANY),
          t.get("workers").integer(Word2VecSpec.DEFAULT_WORKERS, Range.ANY),
          t.get("roundsPerEpoch").integer(Word2VecSpec.DEFAULT_ROUNDS_PER_EPOCH, Range.ANY),
          t.get("combine").enumValue(Combine.class, Combine.SUM),
          t.get("seed").longInteger(Word2VecSpec.DEFAULT_SEED),
          output);
    } catch (SpecException e) {
      root.problems(e);
      return null;
    }
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
