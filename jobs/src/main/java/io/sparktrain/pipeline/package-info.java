/**
 * Runs of jobs: run directories with atomic writes, and the train job that ties data, model,
 * engine and reports together. Multi-stage pipelines, resume and locking grow here.
 */
package io.sparktrain.pipeline;
