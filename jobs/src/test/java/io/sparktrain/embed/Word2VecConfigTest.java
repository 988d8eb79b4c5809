package io.sparktrain.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.embed.Word2VecConfig.Architecture;
import io.sparktrain.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class Word2VecConfigTest {

  @Test
  void defaultsAreWord2vecCs() {
    Word2VecConfig sg = Word2VecConfig.defaults();
    assertEquals(100, sg.dim());
    assertEquals(5, sg.window());
    assertEquals(5, sg.negative());
    assertEquals(5, sg.minCount());
    assertEquals(1e-3, sg.sample());
    assertEquals(0.025, sg.alpha());
    assertEquals(1e-4, sg.minAlpha());
    assertEquals(5, sg.epochs());
    assertEquals(2, sg.threads());
    assertTrue(sg.skipGram());
    Word2VecConfig cbow = Word2VecConfig.defaults(Architecture.CBOW);
    assertFalse(cbow.skipGram());
    assertEquals(0.05, cbow.alpha());
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    SpecException e = assertThrows(SpecException.class, () -> new Word2VecConfig(
        0, 0, 0, 0, -1, 0, 1, 0, null, 0, 1));
    assertEquals(List.of(
        "word2vec.dim: must be >= 1, found 0",
        "word2vec.window: must be >= 1, found 0",
        "word2vec.negative: must be >= 1, found 0",
        "word2vec.minCount: must be >= 1, found 0",
        "word2vec.epochs: must be >= 1, found 0",
        "word2vec.threads: must be >= 1, found 0",
        "word2vec.sample: must be >= 0, found -1.0",
        "word2vec.alpha: must be > 0, found 0.0",
        "word2vec.minAlpha: must be in [0, alpha], found 1.0",
        "word2vec.architecture: must be SKIP_GRAM or CBOW, found null"), e.problems());
  }

  @Test
  void rejectsMinAlphaAboveAlpha() {
    SpecException e = assertThrows(SpecException.class, () -> new Word2VecConfig(
        10, 5, 5, 1, 0, 0.01, 0.02, 1, Architecture.CBOW, 1, 1));
    assertEquals(List.of("word2vec.minAlpha: must be in [0, alpha], found 0.02"), e.problems());
  }
}
