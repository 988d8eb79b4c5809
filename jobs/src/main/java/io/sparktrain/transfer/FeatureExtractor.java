package io.sparktrain.transfer;

import io.sparktrain.data.Example;
import io.sparktrain.runs.AtomicWrite;
import io.sparktrain.spec.SpecException;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Writes a data set's activations at one layer of a network as Parquet, as input features for
 * other Spark jobs (transfer learning, embeddings, probes).
 *
 * <p>The output has one row per example with the columns of {@link #SCHEMA}: {@code index} and
 * {@code label} as in {@link Example}, and {@code features}, the layer's activations flattened
 * row-major (a convolutional {@code [c, h, w]} activation becomes {@code c*h*w} values).
 */
public final class FeatureExtractor {

  /** {@code index: long, label: int, features: array<float>}, none nullable. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("index", DataTypes.LongType, false),
      DataTypes.createStructField("label", DataTypes.IntegerType, false),
      DataTypes.createStructField("features",
          DataTypes.createArrayType(DataTypes.FloatType, false), false)});

  private static final String SOURCE = "feature extraction";

  private FeatureExtractor() {}

  /**
   * Computes the activations of {@code layer} for every example on the executors, in batches of
   * 256, and writes them as Parquet at {@code path}. The network is not serialized: its
   * configuration JSON and parameters (as float32, broadcast) are sent and it is rebuilt once per
   * partition. The output appears at {@code path} only once complete; an existing output there is
   * replaced then, and a failure leaves it untouched ({@link AtomicWrite#directory}).
   *
   * @param sc the Spark context whose SparkSession and Hadoop configuration are used
   * @param network an initialised stack or graph; it is only read
   * @param layer 0-based index of the layer whose output is written (a graph's: of its layer
   *     vertices in topological order, {@link StageNetworks#layerNames})
   * @param examples the data set; all examples must have the network's input width
   * @param path a directory: local path, {@code file:}, {@code hdfs://} or {@code s3a://} URI
   * @return the number of rows written, which is the number of examples
   * @throws SpecException if {@code layer} is not a layer of {@code network}; nothing is written
   * @throws io.sparktrain.spec.OutputException if the output cannot be published at {@code path}
   */
  public static long write(JavaSparkContext sc, Model network, int layer,
      JavaRDD<Example> examples, String path) {
    checkLayer(network, layer);
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    Broadcast<float[]> params = sc.broadcast(network.params().toFloatVector());
    long[] rows = new long[1];
    try {
      ActivationTask task = network instanceof ComputationGraph graph
          ? new ActivationTask(graph.getConfiguration().toJson(), params, layer,
              GraphLayers.names(graph).get(layer))
          : new ActivationTask(((MultiLayerNetwork) network).getLayerWiseConfigurations().toJson(),
              params, layer, null);
      AtomicWrite.directory(path, sc.hadoopConfiguration(), temporary -> {
        spark.createDataFrame(examples.mapPartitions(task), SCHEMA)
            .write().mode(SaveMode.ErrorIfExists).parquet(temporary);
        // Counted from the Parquet footers rather than with an accumulator, which task retries
        // could count twice.
        rows[0] = spark.read().parquet(temporary).count();
      });
    } finally {
      params.destroy(false);
    }
    return rows[0];
  }

  private static void checkLayer(Model network, int layer) {
    if (layer < 0 || layer >= StageNetworks.layerNames(network).size()) {
      throw new SpecException(SOURCE, List.of("layer: must be an index in " + range(network)
          + ", found " + layer));
    }
  }

  private static String range(Model network) {
    return "[0, " + (StageNetworks.layerNames(network).size() - 1) + "]";
  }
}
