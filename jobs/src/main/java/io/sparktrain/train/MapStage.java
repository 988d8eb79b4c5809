package io.sparktrain.train;

import org.apache.spark.JavaFutureActionWrapper;
import org.apache.spark.MapOutputStatistics;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaPairRDD;

/**
 * Runs a shuffle's map stage as a job of its own, without the result stage that an action would
 * add after it. Spark's {@code SparkContext.submitMapStage} does that (adaptive query execution
 * runs its map stages this way); it is package-private in Scala, public in the bytecode, and has
 * kept its signature since Spark 2.0.
 *
 * <p>One difference from an action: Spark retries the slot check of a barrier stage submitted
 * this way not at all, where it retries an action's for a while. The engine waits for the slots
 * before it submits, and a check that still fails makes that epoch run on engine v1, as when
 * slots are lost during a stage.
 */
final class MapStage {

  private MapStage() {}

  /** Starts the map stage of {@code shuffled}'s shuffle, the RDD's only dependency. */
  static JavaFutureAction<MapOutputStatistics> submit(SparkContext sc,
      JavaPairRDD<?, ?> shuffled) {
    return submit(sc, (ShuffleDependency<?, ?, ?>) shuffled.rdd().dependencies().head());
  }

  private static <K, V, C> JavaFutureAction<MapOutputStatistics> submit(SparkContext sc,
      ShuffleDependency<K, V, C> dependency) {
    return new JavaFutureActionWrapper<>(sc.submitMapStage(dependency), statistics -> statistics);
  }
}
