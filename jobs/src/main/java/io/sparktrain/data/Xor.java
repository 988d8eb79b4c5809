package io.sparktrain.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The XOR truth table, the classic problem a single-layer perceptron cannot solve (Minsky and
 * Papert, 1969) and one hidden layer can. Training sees each of the four rows {@link #REPEATS}
 * times so that an epoch has enough mini-batches; validation and test are the four rows.
 */
final class Xor {

  /** Copies of each row in the training split. */
  static final int REPEATS = 64;

  private static final float[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  private static final int[] OUTPUTS = {0, 1, 1, 0};

  private Xor() {}

  static List<Example> truthTable() {
    List<Example> rows = new ArrayList<>();
    for (int i = 0; i < INPUTS.length; i++) {
      rows.add(new Example(i, INPUTS[i].clone(), OUTPUTS[i]));
    }
    return rows;
  }

  static List<Example> training() {
    List<Example> rows = new ArrayList<>();
    for (int r = 0; r < REPEATS; r++) {
      for (int i = 0; i < INPUTS.length; i++) {
        rows.add(new Example((long) r * INPUTS.length + i, INPUTS[i].clone(), OUTPUTS[i]));
      }
    }
    return rows;
  }
}
