/**
 * What a run shows and leaves behind: console progress, {@code metrics.jsonl}, loss and accuracy
 * charts, {@code evaluation.json}. Observers of training; they never change it.
 */
package io.sparktrain.report;
