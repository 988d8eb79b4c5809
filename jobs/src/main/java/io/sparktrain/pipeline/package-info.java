/**
 * Runs of jobs: the train job that ties data, model, engine and reports together, multi-stage
 * pipelines and their stages. Run directories, resume and locking live below, in {@code runs}.
 */
package io.sparktrain.pipeline;
