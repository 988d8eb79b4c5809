/**
 * The run store, the bottom floor every package that writes output builds on: run directories,
 * the one atomic-write helper, model files and checkpoints, the job lock, the typed run record
 * ({@code run.json}) and the resumable-run rule. It imports only {@code spec}'s exceptions, Hadoop,
 * Jackson and DL4J's model serializer, never another sparktrain package.
 */
package io.sparktrain.runs;
