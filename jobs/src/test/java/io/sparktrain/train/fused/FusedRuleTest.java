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
    float[] values = {Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MIN_VALUE,
        -Math.nextDown(Float.MIN_NORMAL), 1f};
    float[] expected = {Float.MIN_NORMAL, -Float.MIN_NORMAL, 0f, 0f, 1f};
    float[] in = new float[Chunk.WIDTH];
    for (int lane = 0; lane < in.length; lane++) {
      in[lane] = values[lane % values.length];
    }
    float[] out = new float[Chunk.WIDTH];
    FusedRule.flushed(FusedRule.at(in, 0)).intoArray(out, 0);
    for (int lane = 0; lane < out.length; lane++) {
      assertEquals(expected[lane % expected.length], out[lane], "lane " + lane);
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
