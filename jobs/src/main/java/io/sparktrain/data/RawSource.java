package io.sparktrain.data;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * A source as read, before splitting and scaling.
 *
 * @param examples the examples to split into train, validation and (without {@code test}) test
 * @param test the source's own test set, or null
 * @param validation a fixed validation set (the XOR table), or null to split one off
 * @param numClasses the declared class count, 0 to count the labels
 * @param imageShape [height, width, channels], or null for flat features
 * @param knownRange the range all features lie in (pixels), or null
 * @param files the files read, for the fingerprint
 */
record RawSource(
    JavaRDD<Example> examples,
    JavaRDD<Example> test,
    JavaRDD<Example> validation,
    int numFeatures,
    int numClasses,
    int[] imageShape,
    float[] knownRange,
    List<String> files) {}
