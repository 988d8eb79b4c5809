package io.sparktrain.pipeline;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.EvalResult;
import java.util.List;

/**
 * What a finished train job left.
 *
 * @param run its run directory
 * @param test results on the test split
 * @param epochs the metrics of every epoch
 */
public record TrainResult(RunDirectory run, EvalResult test, List<EpochMetrics> epochs) {}
