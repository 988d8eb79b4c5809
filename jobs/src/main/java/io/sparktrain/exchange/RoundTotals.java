package io.sparktrain.exchange;

/**
 * What every task of an averaging exchange learns besides the averaged state: the round's tallies
 * summed over all tasks.
 *
 * @param examples examples trained on in the round, over all tasks (the averaging weights' sum)
 * @param lossSum sum of the tasks' loss sums
 */
public record RoundTotals(double examples, double lossSum) {

  /** Mean loss per example over the round. */
  public double meanLoss() {
    return lossSum / examples;
  }
}
