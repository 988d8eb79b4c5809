/**
 * The distributed training engine: synchronous model averaging ("local SGD") on Spark.
 *
 * <p>Every worker trains a replica on its own cached shard for {@code averagingFrequency}
 * mini-batch steps, then parameters and updater state are averaged, weighted by the examples each
 * worker saw ({@link io.sparktrain.train.ParameterSum}). {@link io.sparktrain.train.AveragingEngine}
 * drives the rounds, {@link io.sparktrain.train.Dl4jBaselineEngine} wraps DL4J's own
 * ParameterAveragingTrainingMaster behind the same {@link io.sparktrain.train.TrainingEngine}
 * interface, and {@link io.sparktrain.train.Trainer} runs the epochs, evaluation and observers.
 */
package io.sparktrain.train;
