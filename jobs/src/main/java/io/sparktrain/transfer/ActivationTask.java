package io.sparktrain.transfer;

import io.sparktrain.data.Example;
import io.sparktrain.spec.DataException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
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

  ActivationTask(String configurationJson, Broadcast<float[]> params, int layer) {
    this.configurationJson = configurationJson;
    this.params = params;
    this.layer = layer;
  }

  @Override
  public Iterator<Row> call(Iterator<Example> examples) {
    MultiLayerNetwork network =
        new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
    network.init();
    float[] values = params.value();
    network.setParams(Nd4j.create(values, new long[] {1, values.length}));
    return new Rows(network, layer, examples);
  }

  /**
   * The activations of {@code layer}, one row per example, flattened row-major.
   *
   * @throws DataException if the examples differ in width
   */
  static float[][] activations(MultiLayerNetwork network, int layer, List<Example> batch) {
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
    // Element 0 is the input itself, so layer i's output is element i + 1.
    INDArray output = network.feedForwardToLayer(layer, input, false).get(layer + 1);
    // Convolutional [n, c, h, w] and recurrent [n, size, time] outputs become one row each.
    return output.reshape('c', batch.size(), output.length() / batch.size())
        .castTo(DataType.FLOAT).toFloatMatrix();
  }

  /** Pulls up to {@link #BATCH} examples, emits their rows, repeats. */
  private static final class Rows implements Iterator<Row> {
    private final MultiLayerNetwork network;
    private final int layer;
    private final Iterator<Example> examples;
    private List<Row> pending = List.of();
    private int next;

    Rows(MultiLayerNetwork network, int layer, Iterator<Example> examples) {
      this.network = network;
      this.layer = layer;
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
      float[][] features = activations(network, layer, batch);
      List<Row> rows = new ArrayList<>(batch.size());
      for (int r = 0; r < batch.size(); r++) {
        rows.add(RowFactory.create(batch.get(r).index(), batch.get(r).label(), features[r]));
      }
      return rows;
    }
  }
}
