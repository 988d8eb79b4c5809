/**
 * Transfer learning from trained networks: {@link io.sparktrain.transfer.FeatureExtractor} writes a
 * data set's activations at a chosen layer as Parquet, so that other Spark jobs can use them as
 * features. The network travels to the executors as configuration JSON plus broadcast parameters,
 * never as a serialized object; outputs are published atomically
 * ({@link io.sparktrain.runs.AtomicWrite#directory}).
 */
package io.sparktrain.transfer;
