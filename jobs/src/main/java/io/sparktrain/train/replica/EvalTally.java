package io.sparktrain.train.replica;

/**
 * What {@link Replica#evaluate} measured besides the class counts.
 *
 * @param lossSum sum over the examples of the loss (regularisation included, as in training)
 * @param examples examples evaluated
 */
public record EvalTally(double lossSum, long examples) {}
