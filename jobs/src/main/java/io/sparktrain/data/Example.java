package io.sparktrain.data;

import java.io.Serializable;

/**
 * One labelled example as it travels through Spark.
 *
 * @param index position in its source (row or record number); drives the seeded splits
 * @param features feature values, images flattened row-major
 * @param label class index in [0, number of classes)
 */
public record Example(long index, float[] features, int label) implements Serializable {}
