package io.sparktrain.train.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Decaying state never holds a subnormal float ({@link FusedRule#flushed}): a weight without
 * gradient has its moments shrink step after step, and on an Intel Xeon each operation on a
 * subnormal costs a microcode assist. A lane that would fall below the smallest normal float
 * becomes zero; every other lane is what the rule's arithmetic makes, bit for bit.
 */
class FusedRuleTest {

  private static final int N = 3 * Chunk.WIDTH + 1;

  @BeforeAll
  static void vectorApi() {
    assumeTrue(FusedStep.AVAILABLE, "the JVM runs without --add-modules jdk.incubator.vector");
  }

  @Test
  void adamsMomentsBelowTheSmallestNormalFloatBecomeZero() {
    float[][] s = state();
    // Even lanes just above the smallest normal float, which one decay takes below it; odd lanes
    // where the decay stays normal and is the rule's own multiplication.
    for (int i = 0; i < N; i++) {
      s[0][i] = i % 2 == 0 ? 1.2e-38f : 0.25f;
      s[1][i] = i % 2 == 0 ? Math.nextUp(Float.MIN_NORMAL) : 2 * Float.MIN_NORMAL;
    }
    float[] g = apply(new Adam(1e-3, 0.9, 0.999, 1e-8), s);
    for (int i = 0; i < N; i++) {
      if (i % 2 == 0) {
        assertEquals(0f, s[0][i], "m[" + i + "] fell below the normal floats");
        assertEquals(0f, s[1][i], "v[" + i + "] fell below the normal floats");
        assertEquals(0f, g[i], "update[" + i + "] of a zero moment");
      } else {
        assertEquals(0.25f * 0.9f, s[0][i], "m[" + i + "]");
        assertEquals(2 * Float.MIN_NORMAL * 0.999f, s[1][i], "v[" + i + "]");
      }
    }
  }

  @Test
  void aDecayingVelocityBecomesZeroBelowTheNormalFloats() {
    float[][] s = state();
    for (int i = 0; i < N; i++) {
      s[0][i] = i % 2 == 0 ? 1.2e-38f : 1e-3f;
    }
    apply(new Nesterovs(0.1, 0.9), s);
    for (int i = 0; i < N; i++) {
      assertEquals(i % 2 == 0 ? 0f : 1e-3f * 0.9f, s[0][i], "v[" + i + "]");
    }
  }

  @Test
  void flushedKeepsTheSmallestNormalFloatAndZeroesWhatIsBelowIt() {
    float[] in = new float[Chunk.WIDTH];
    in[0] = Float.MIN_NORMAL;
    in[1 % Chunk.WIDTH] = -Float.MIN_NORMAL;
    float[] out = new float[Chunk.WIDTH];
    FusedRule.flushed(FusedRule.at(in, 0)).intoArray(out, 0);
    assertEquals(Float.MIN_NORMAL, Math.abs(out[0]));
    if (Chunk.WIDTH > 2) {
      in[2] = Float.MIN_VALUE;
      in[3 % Chunk.WIDTH] = -Math.nextDown(Float.MIN_NORMAL);
      FusedRule.flushed(FusedRule.at(in, 0)).intoArray(out, 0);
      assertEquals(0f, out[2]);
      assertEquals(0f, out[3 % Chunk.WIDTH]);
    }
  }

  private static float[][] state() {
    return new float[Chunk.SLOTS][Chunk.LENGTH];
  }

  /** One step of the rule with a zero gradient over the first {@link #N} lanes. */
  private static float[] apply(IUpdater config, float[][] s) {
    FusedRule rule = Rules.of(config);
    rule.begin(0, 0);
    float[] g = new float[Chunk.LENGTH];
    rule.apply(g, s, N);
    return g;
  }
}
