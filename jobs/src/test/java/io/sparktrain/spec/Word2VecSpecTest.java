package io.sparktrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.Word2VecSpec.Architecture;
import io.sparktrain.spec.Word2VecSpec.Combine;
import io.sparktrain.spec.Word2VecSpec.Saturation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one Word2Vec record: one set of defaults whether read or built in code, and problems named
 * by the keys a user writes.
 */
class Word2VecSpecTest {

  @TempDir Path dir;

  private Word2VecSpec read(String yaml) throws IOException {
    Path file = dir.resolve("w2v.yaml");
    Files.writeString(file, yaml);
    return Word2VecSpecReader.read(file);
  }

  @Test
  void defaultsAreWord2vecCsAndTheSameReadOrBuilt() throws IOException {
    Word2VecSpec sg = Word2VecSpec.defaults();
    assertEquals(100, sg.dim());
    assertEquals(5, sg.window());
    assertEquals(5, sg.negative());
    assertEquals(5, sg.minCount());
    assertEquals(1e-3, sg.sample());
    assertEquals(0.025, sg.learningRate());
    assertEquals(1e-4, sg.minLearningRate());
    assertEquals(5, sg.epochs());
    assertTrue(sg.skipGram());
    assertEquals(0.05, Word2VecSpec.defaults(Architecture.CBOW).learningRate());
    assertFalse(Word2VecSpec.defaults(Architecture.CBOW).skipGram());

    Word2VecSpec read = read("name: w\ncorpus: [sotu]\n");
    assertEquals(Word2VecSpec.defaults("w", List.of("sotu"), Architecture.SKIP_GRAM), read);
    assertEquals(1, read.threads());
    assertEquals(42, read.seed());
    assertEquals(0.05, read("name: w\ncorpus: [sotu]\nword2vec: {model: cbow}\n")
        .learningRate(), "CBOW's own default rate");
  }

  @Test
  void reportsEveryProblemByTheKeyAUserWrites() {
    SpecException e = assertThrows(SpecException.class, () -> new Word2VecSpec("w",
        List.of("sotu"), null, 0, 0, 0, 0, 0, -1, 0, 0, 1, true, null, 0, 0, 0, null, 1,
        OutputSpec.defaults()));
    assertEquals(List.of(
        "word2vec.model: missing required key",
        "word2vec.dim: must be >= 1, found 0",
        "word2vec.window: must be >= 1, found 0",
        "word2vec.negative: must be >= 1, found 0",
        "word2vec.minCount: must be >= 1, found 0",
        "word2vec.maxVocabulary: must be >= 1, found 0",
        "word2vec.sample: must be >= 0, found -1",
        "word2vec.epochs: must be >= 1, found 0",
        "word2vec.learningRate: must be > 0, found 0",
        "word2vec.minLearningRate: must be in [0, learningRate], found 1.0",
        "word2vec.saturation: missing required key",
        "training.threads: must be >= 1, found 0",
        "training.workers: must be >= 1, found 0",
        "training.roundsPerEpoch: must be >= 1, found 0",
        "training.combine: missing required key"), e.problems());
  }

  @Test
  void theReaderReportsTheRecordsProblemsAtTheirPaths() {
    SpecException e = assertThrows(SpecException.class, () -> read("""
        name: w
        corpus: []
        word2vec: {dim: 0, learningRate: 0.01, minLearningRate: 0.02, model: glove}
        training: {combine: mean, workers: 0}
        """));
    assertEquals(List.of(
        "corpus: must list at least one corpus",
        "word2vec.model: unknown value 'glove' (expected one of: skip-gram, cbow)",
        "training.combine: unknown value 'mean' (expected one of: sum, average)",
        "word2vec.dim: must be >= 1, found 0",
        "word2vec.minLearningRate: must be in [0, learningRate], found 0.02",
        "training.workers: must be >= 1, found 0"), e.problems());
  }

  @Test
  void theWindowAndSaturationFactorsAreReadAndChecked() throws IOException {
    Word2VecSpec defaults = read("name: w\ncorpus: [sotu]\n");
    assertTrue(defaults.shrinkWindow());
    assertEquals(Saturation.UPDATE, defaults.saturation());
    Word2VecSpec gensimLike = read(
        "name: w\ncorpus: [sotu]\nword2vec: {shrinkWindow: false, saturation: skip}\n");
    assertFalse(gensimLike.shrinkWindow());
    assertEquals(Saturation.SKIP, gensimLike.saturation());
    assertEquals(defaults.withShrinkWindow(false).withSaturation(Saturation.SKIP), gensimLike);

    SpecException e = assertThrows(SpecException.class, () -> read(
        "name: w\ncorpus: [sotu]\nword2vec: {shrinkWindow: sometimes, saturation: clip}\n"));
    assertEquals(List.of(
        "word2vec.shrinkWindow: expected true or false, found 'sometimes'",
        "word2vec.saturation: unknown value 'clip' (expected one of: update, skip)"),
        e.problems());
  }

  @Test
  void combineIsOneEnumReadFromItsYamlName() throws IOException {
    assertEquals(Combine.AVERAGE,
        read("name: w\ncorpus: [sotu]\ntraining: {combine: average}\n").combine());
  }
}
