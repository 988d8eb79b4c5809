package io.sparktrain.train.fused;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scratch arrays for one stretch of a variable: its gradient (which the rule turns into the
 * update), its parameters and its state slots, copied in from native memory in bulk and back out.
 * Working on heap arrays keeps each kernel's loop in one method over {@code fromArray} and
 * {@code intoArray}, which C2 compiles to plain SIMD; loading straight from the native buffers
 * through calls across rules measured slower than DL4J's own update. The length is a multiple of
 * the vector width, so a kernel runs whole vectors past the end of a short stretch, on stale lanes
 * that are never copied back: no masks, no scalar tail.
 */
final class Chunk {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int WIDTH = SPECIES.length();
  /** Floats per stretch: 8 KB per array, so a stretch of Adam's five arrays stays in L1/L2. */
  static final int LENGTH = 2048;
  /** The most state slots a rule has (AMSGrad's and AdaMod's three). */
  static final int SLOTS = 3;

  final float[] gradient = new float[LENGTH];
  final float[] params = new float[LENGTH];
  final float[][] state = new float[SLOTS][LENGTH];

  /** The loop bound for {@code n} elements: whole vectors, covering all of them. */
  static int bound(int n) {
    return (n + WIDTH - 1) / WIDTH * WIDTH;
  }
}
