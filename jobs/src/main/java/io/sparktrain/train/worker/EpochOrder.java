package io.sparktrain.train.worker;

import java.util.Random;

/** The order in which a worker visits its shard in one epoch. */
public final class EpochOrder {

  private EpochOrder() {}

  /**
   * Positions {@code 0 .. size} in a Fisher-Yates shuffle seeded by {@code seed} (from
   * {@link Seeds#shuffle}), or in order when {@code shuffle} is off.
   */
  public static int[] of(int size, long seed, boolean shuffle) {
    int[] order = new int[size];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (shuffle) {
      Random random = new Random(seed);
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }
}
