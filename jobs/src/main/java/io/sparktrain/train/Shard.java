package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.model.HostMemory;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.train.worker.EpochOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One worker's training examples, held on its executor as primitive arrays so that a mini-batch is
 * one copy into ND4J, not an object per example.
 */
public final class Shard {

  private final float[][] features;
  private final int[] labels;
  /** Each example's target values when the target is a vector; null for class labels. */
  private final float[][] targets;
  private final Target target;
  /** The last {@link #reusedBatch}, whose arrays the next one of the same size refills. */
  private DataSet reused;
  private float[] labelRow;

  private Shard(float[][] features, int[] labels, float[][] targets, Target target) {
    this.features = features;
    this.labels = labels;
    this.targets = targets;
    this.target = target;
  }

  /** Reads a partition's examples in their partition order, with one-hot labels as targets. */
  public static Shard of(Iterator<Example> examples, int numClasses) {
    return of(examples, Target.classes(numClasses));
  }

  /** Reads a partition's examples in their partition order. */
  public static Shard of(Iterator<Example> examples, Target target) {
    List<float[]> rows = new ArrayList<>();
    List<Integer> rowLabels = new ArrayList<>();
    List<float[]> rowTargets = new ArrayList<>();
    while (examples.hasNext()) {
      Example e = examples.next();
      rows.add(e.features());
      rowLabels.add(e.label());
      rowTargets.add(e.targets());
    }
    int[] labels = rowLabels.stream().mapToInt(Integer::intValue).toArray();
    return new Shard(rows.toArray(new float[0][]), labels,
        target.isVector() ? rowTargets.toArray(new float[0][]) : null, target);
  }

  public int size() {
    return labels.length;
  }

  /** What the batches' targets are: one-hot labels, target vectors, or the features. */
  public Target target() {
    return target;
  }

  /** The order in which this shard is visited in one epoch: see {@link EpochOrder#of}. */
  public int[] order(long seed, boolean shuffle) {
    return EpochOrder.of(size(), seed, shuffle);
  }

  /**
   * The examples {@code order[from, to)} as one DataSet: with one-hot labels, or with the features
   * themselves as the target when the shard's target is reconstruction; a next-step target's
   * sequences padded and masked ({@link SequenceBatch}).
   */
  public DataSet batch(int[] order, int from, int to) {
    if (target.kind() == DataSpec.Target.NEXT_STEP) {
      return SequenceBatch.of(features, order, from, to, target.numClasses());
    }
    int rows = to - from;
    int width = features[0].length;
    float[] x = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(features[order[from + r]], 0, x, r * width, width);
    }
    INDArray fx = matrix(x, rows, width);
    if (target.reconstruct()) {
      return new DataSet(fx, fx.dup());
    }
    int classes = target.numClasses();
    float[] y = new float[rows * classes];
    for (int r = 0; r < rows; r++) {
      if (targets != null) {
        System.arraycopy(targets[order[from + r]], 0, y, r * classes, classes);
      } else {
        y[r * classes + labels[order[from + r]]] = 1f;
      }
    }
    return new DataSet(fx, matrix(y, rows, classes));
  }

  /**
   * A new row-major matrix of {@code values}, copied in bulk: {@code Nd4j.create(float[], ...)}
   * puts them one by one (two thirds of the evaluation's Java samples in a profile of the MNIST
   * MLP; docs/performance.md).
   */
  private static INDArray matrix(float[] values, int rows, int columns) {
    if (!HostMemory.holdsArrays()) {
      // A host view of a device array needs ND4J's location tagging; create does it.
      return Nd4j.create(values, new long[] {rows, columns}, 'c');
    }
    INDArray matrix = Nd4j.createUninitialized(DataType.FLOAT, rows, columns);
    FlatArrays.view(matrix).put(values);
    return matrix;
  }

  /**
   * The examples {@code order[from, to)} as {@link #batch} makes them, but written into the arrays
   * of the previous call when it had as many rows: a step that consumes its batch before asking
   * for the next (the fused step) allocates nothing per batch. The returned DataSet is valid only
   * until the next call.
   */
  public DataSet reusedBatch(int[] order, int from, int to) {
    if (target.kind() == DataSpec.Target.NEXT_STEP) {
      return batch(order, from, to);
    }
    int rows = to - from;
    FloatBuffer x = reused == null || reused.getFeatures().rows() != rows ? null
        : FlatArrays.view(reused.getFeatures());
    FloatBuffer y = x == null ? null : FlatArrays.view(reused.getLabels());
    if (x == null || y == null) {
      reused = batch(order, from, to);
      return reused;
    }
    int width = features[0].length;
    int classes = target.reconstruct() ? width : target.numClasses();
    if (labelRow == null || labelRow.length != classes) {
      labelRow = new float[classes];
    }
    for (int r = 0; r < rows; r++) {
      float[] example = features[order[from + r]];
      x.put(r * width, example);
      if (target.reconstruct()) {
        y.put(r * width, example);
      } else if (targets != null) {
        y.put(r * classes, targets[order[from + r]]);
      } else {
        int label = labels[order[from + r]];
        labelRow[label] = 1f;
        y.put(r * classes, labelRow);
        labelRow[label] = 0f;
      }
    }
    return reused;
  }
}
