package io.sparktrain.train.replica;

/**
 * What {@link Replica#trainSteps} did.
 *
 * @param examples examples trained on
 * @param lossSum sum over the batches of (mean batch loss x batch size)
 * @param steps optimizer steps taken
 * @param next the position in the visiting order where the next steps start
 */
public record StepTally(long examples, double lossSum, int steps, int next) {}
