/**
 * The distributed training engine: synchronous model averaging ("local SGD") on Spark, as the
 * driver runs it, and its DL4J side.
 *
 * <p>Every worker trains a replica on its own cached shard for {@code averagingFrequency}
 * mini-batch steps, then parameters and updater state are averaged, weighted by the examples each
 * worker saw ({@link io.sparktrain.exchange.ExampleWeightedSum}). Three engines implement
 * {@link io.sparktrain.train.TrainingEngine}, which {@link io.sparktrain.train.Trainer} runs epoch
 * by epoch with evaluation ({@link io.sparktrain.train.Evaluator}) and observers:
 * {@link io.sparktrain.train.BarrierEngine} (engine v2, the default) runs an epoch as one barrier
 * stage whose tasks average among themselves; {@link io.sparktrain.train.AveragingEngine}
 * (engine v1, its fallback) runs a Spark job per round; {@link
 * io.sparktrain.train.Dl4jBaselineEngine} wraps DL4J's own ParameterAveragingTrainingMaster.
 *
 * <p>Layers, top down, with no cycle: this package (engines, the public types the pipeline uses,
 * and the DL4J code: {@link io.sparktrain.train.MultiLayerReplica}, {@link
 * io.sparktrain.train.Shard}, {@link io.sparktrain.train.TrainableParameters}, GPU affinity,
 * Kryo) imports {@code train.worker} (what runs on the executors: tasks, the epoch plan, seeds),
 * which imports {@code train.replica} (the {@link io.sparktrain.train.replica.Replica} interface
 * that hides the network library) and {@code io.sparktrain.exchange} (the averaging rule and the
 * transport). {@code train.fused} holds the optimizer step sparktrain applies itself after DL4J's
 * backward pass (one Vector API pass per updater block), which MultiLayerReplica uses.
 * Neither worker nor replica imports this package, so the types the pipeline uses (EngineOptions,
 * Target, EvalResult, ...) stay here, with the engines.
 */
package io.sparktrain.train;
