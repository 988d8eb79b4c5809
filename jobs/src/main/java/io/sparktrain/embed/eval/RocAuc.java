package io.sparktrain.embed.eval;

import java.util.Arrays;

/**
 * Area under the ROC curve of scores that should rank {@code positives} above {@code negatives}:
 * the probability that a random positive scores higher than a random negative, ties counting one
 * half (the Mann-Whitney U statistic over the product of the two counts).
 */
final class RocAuc {

  private RocAuc() {}

  /** The AUC, NaN when either side is empty. */
  static double of(double[] positives, double[] negatives) {
    if (positives.length == 0 || negatives.length == 0) {
      return Double.NaN;
    }
    double[] sortedNegatives = negatives.clone();
    Arrays.sort(sortedNegatives);
    double wins = 0;
    for (double p : positives) {
      int below = lowerBound(sortedNegatives, p);
      int notAbove = upperBound(sortedNegatives, p);
      wins += below + 0.5 * (notAbove - below);
    }
    return wins / ((double) positives.length * negatives.length);
  }

  /** Index of the first element >= value. */
  private static int lowerBound(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Index of the first element > value. */
  private static int upperBound(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
