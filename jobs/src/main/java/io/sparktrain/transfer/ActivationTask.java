package io.sparktrain.transfer;

import io.sparktrain.data.Example;
import io.sparktrain.model.GraphFeed;
import io.sparktrain.spec.DataException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns one partition of examples into rows {@code (index, label, features)} holding the
 * activations of one layer, on its executor. The network is rebuilt from its configuration JSON
 * and the broadcast parameters once per partition; rows are produced lazily, one batch at a time,
 * so a partition never has to fit in memory.
 */
final class ActivationTask implements FlatMapFunction<Iterator<Example>, Row> {

  private static final long serialVersionUID = 1L;
  static final int BATCH = 256;

  private final String configurationJson;
  private final Broadcast<float[]> params;
  private final int layer;
  /** A graph's layer vertex whose activations are read; null for a stack, read by index. */
  private final String vertex;

  /**
   * @param vertex for a graph's configuration, the name of its layer {@code layer}; null for a
   *     stack's
   */
  ActivationTask(String configurationJson, Broadcast<float[]> params, int layer, String vertex) {
    this.configurationJson = configurationJson;
    this.params = params;
    this.layer = layer;
    this.vertex = vertex;
  }

  @Override
  public Iterator<Row> call(Iterator<Example> examples) {
    float[] values = params.value();
    INDArray flat = Nd4j.create(values, new long[] {1, values.length});
    Model network;
    if (vertex != null) {
      ComputationGraph graph =
          new ComputationGraph(ComputationGraphConfiguration.fromJson(configurationJson));
      graph.init(flat, false);
      network = graph;
    } else {
      MultiLayerNetwork stack =
          new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
      stack.init();
      stack.setParams(flat);
      network = stack;
    }
    return new Rows(network, layer, vertex, examples);
  }

  /**
   * The activations of {@code layer}, one row per example, flattened row-major.
   *
   * @throws DataException if the examples differ in width
   */
  static float[][] activations(Model network, int layer, String vertex, List<Example> batch) {
    int width = batch.get(0).features().length;
    float[] x = new float[batch.size() * width];
    for (int r = 0; r < batch.size(); r++) {
      float[] features = batch.get(r).features();
      // Checked here because a longer row would otherwise be truncated silently.
      if (features.length != width) {
        throw new DataException("example " + batch.get(r).index() + ": has " + features.length
            + " features, the first of its batch " + width);
      }
      System.arraycopy(features, 0, x, r * width, width);
    }
    DataType type = network.params().dataType();
    INDArray input = Nd4j.create(x, new long[] {batch.size(), width}, 'c').castTo(type);
    INDArray output;
    if (network instanceof ComputationGraph graph) {
      output = graph.feedForward(GraphFeed.inputs(graph, input), false).get(vertex);
    } else {
      // Element 0 is the input itself, so layer i's output is element i + 1.
      output = ((MultiLayerNetwork) network).feedForwardToLayer(layer, input, false)
          .get(layer + 1);
    }
    // Convolutional [n, c, h, w] and recurrent [n, size, time] outputs become one row each.
    return output.reshape('c', batch.size(), output.length() / batch.size())
        .castTo(DataType.FLOAT).toFloatMatrix();
  }

  /** Pulls up to {@link #BATCH} examples, emits their rows, repeats. */
  private static final class Rows implements Iterator<Row> {
    private final Model network;
    private final int layer;
    private final String vertex;
    private final Iterator<Example> examples;
    private List<Row> pending = List.of();
    private int next;

    Rows(Model network, int layer, String vertex, Iterator<Example> examples) {
      this.network = network;
      this.layer = layer;
      this.vertex = vertex;
      this.examples = examples;
    }

    @Override
    public boolean hasNext() {
      if (next == pending.size() && examples.hasNext()) {
        pending = nextBatch();
        next = 0;
      }
      return next < pending.size();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return pending.get(next++);
    }

    private List<Row> nextBatch() {
      List<Example> batch = new ArrayList<>(BATCH);
      while (batch.size() < BATCH && examples.hasNext()) {
        batch.add(examples.next());
      }
      float[][] features = activations(network, layer, vertex, batch);
      List<Row> rows = new ArrayList<>(batch.size());
      for (int r = 0; r < batch.size(); r++) {
        rows.add(RowFactory.create(batch.get(r).index(), batch.get(r).label(), features[r]));
      }
      return rows;
    }
  }
}
