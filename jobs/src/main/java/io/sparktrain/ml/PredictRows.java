package io.sparktrain.ml;

import io.sparktrain.train.Networks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores one partition on its executor: the network, a stack or a graph, is rebuilt once per
 * partition from its configuration and the broadcast parameters, then rows go through it in
 * batches, each coming out with its prediction and probabilities appended.
 */
final class PredictRows implements FlatMapFunction<Iterator<Row>, Row> {

  private static final long serialVersionUID = 1L;
  /** Rows per forward pass: large enough for BLAS, small enough for any executor. */
  private static final int BATCH = 512;

  private final String configurationJson;
  /** Whether the configuration is a graph's rather than a stack's. */
  private final boolean graph;
  private final Broadcast<float[]> params;
  private final int featuresIndex;
  private final String featuresCol;
  private final int numFeatures;

  PredictRows(String configurationJson, boolean graph, Broadcast<float[]> params,
      int featuresIndex, String featuresCol, int numFeatures) {
    this.configurationJson = configurationJson;
    this.graph = graph;
    this.params = params;
    this.featuresIndex = featuresIndex;
    this.featuresCol = featuresCol;
    this.numFeatures = numFeatures;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Model network = Networks.rebuild(configurationJson, graph, params.value());
    return new Iterator<>() {
      private Iterator<Row> batch = List.<Row>of().iterator();

      @Override
      public boolean hasNext() {
        if (!batch.hasNext() && rows.hasNext()) {
          batch = score(network, rows);
        }
        return batch.hasNext();
      }

      @Override
      public Row next() {
        hasNext();
        return batch.next();
      }
    };
  }

  private Iterator<Row> score(Model network, Iterator<Row> rows) {
    List<Row> inputs = new ArrayList<>(BATCH);
    while (rows.hasNext() && inputs.size() < BATCH) {
      inputs.add(rows.next());
    }
    float[][] features = new float[inputs.size()][];
    for (int i = 0; i < features.length; i++) {
      features[i] = FrameColumns.features((Vector) inputs.get(i).get(featuresIndex), featuresCol,
          numFeatures);
    }
    INDArray probabilities = Networks.output(network, Nd4j.createFromArray(features));
    List<Row> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < features.length; i++) {
      double[] p = probabilities.getRow(i).toDoubleVector();
      Row in = inputs.get(i);
      Object[] values = new Object[in.length() + 2];
      for (int c = 0; c < in.length(); c++) {
        values[c] = in.get(c);
      }
      values[in.length()] = (double) argMax(p);
      values[in.length() + 1] = Vectors.dense(p);
      out.add(RowFactory.create(values));
    }
    return out.iterator();
  }

  private static int argMax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }
}
