/**
 * The distributed training engine: synchronous model averaging ("local SGD") on Spark.
 *
 * <p>Every worker trains a replica on its own cached shard for {@code averagingFrequency}
 * mini-batch steps, then parameters and updater state are averaged, weighted by the examples each
 * worker saw. {@link io.sparktrain.train.BarrierEngine} (engine v2) runs an epoch as one barrier
 * stage whose tasks average among themselves ({@link io.sparktrain.train.TaskExchange}: shared
 * memory within an executor, a {@link io.sparktrain.train.RingAllReduce} between executors);
 * {@link io.sparktrain.train.AveragingEngine} (engine v1) runs a Spark job per round and sums with
 * {@link io.sparktrain.train.ParameterSum}; {@link io.sparktrain.train.Dl4jBaselineEngine} wraps
 * DL4J's own
 * ParameterAveragingTrainingMaster behind the same {@link io.sparktrain.train.TrainingEngine}
 * interface, and {@link io.sparktrain.train.Trainer} runs the epochs, evaluation and observers.
 */
package io.sparktrain.train;
