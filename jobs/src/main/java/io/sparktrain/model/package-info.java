/**
 * Turns a {@link io.sparktrain.spec.ModelSpec} and {@link io.sparktrain.spec.OptimizerSpec} into a
 * DL4J {@link org.deeplearning4j.nn.conf.MultiLayerConfiguration}, holds the update rules,
 * learning-rate schedules and losses DL4J lacks or gets wrong ({@link
 * io.sparktrain.model.UpdaterFactory} says which), installs weight decay and gradient clipping
 * ({@link io.sparktrain.model.OptimizerRules}), and imports Keras models saved as HDF5 (Sequential
 * as a stack, functional as a graph: {@link io.sparktrain.model.KerasModels}). The only package
 * besides {@code train}, {@code transfer} and {@code embed} that sees DL4J types; no Spark here.
 */
package io.sparktrain.model;
