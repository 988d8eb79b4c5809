package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The in-place views the shared-memory exchange averages through: they must exist for DL4J's
 * flattened parameters (ranges ND4J marks 'f'), and read and write the right floats.
 */
class FlatArraysTest {

  @Test
  void viewsAnIntervalOfAFlatVectorInPlace() {
    INDArray all = Nd4j.createFromArray(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    INDArray range = all.get(NDArrayIndex.interval(3, 7));
    FloatBuffer view = FlatArrays.view(range);
    assertNotNull(view, "an interval of a vector is one run of floats");
    assertEquals(4, view.remaining());
    assertEquals(3f, view.get(0));
    view.put(1, -4f);
    assertEquals(-4f, all.getFloat(4));
  }

  @Test
  void refusesAColumnMajorMatrixWhoseRowsAreNotOneRun() {
    INDArray matrix = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}).dup('f');
    assertNull(FlatArrays.view(matrix));
    float[] out = new float[6];
    FlatArrays.copyOut(matrix, out, 0);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, out);
  }

  @Test
  void copiesThroughAnIntervalAtItsOffset() {
    INDArray all = Nd4j.createFromArray(new float[] {0, 1, 2, 3, 4, 5});
    INDArray range = all.get(NDArrayIndex.interval(2, 5));
    float[] out = new float[4];
    FlatArrays.copyOut(range, out, 1);
    assertArrayEquals(new float[] {0, 2, 3, 4}, out);
    FlatArrays.copyIn(new float[] {9, 7, 7, 7}, 1, range);
    assertArrayEquals(new float[] {0, 1, 7, 7, 7, 5}, all.toFloatVector());
  }

  /** What the shared-memory average needs: a replica's whole state as views, in state order. */
  @Test
  void anAdamReplicaExposesItsWholeStateAsViews() {
    MultiLayerNetwork network = SyntheticData.network(new Adam(1e-3), 7);
    network.fit(new org.nd4j.linalg.dataset.DataSet(Nd4j.rand(4, SyntheticData.FEATURES),
        Nd4j.eye(3).getRows(0, 1, 2, 0)));
    MultiLayerReplica replica = MultiLayerReplica.of(network);
    FloatBuffer[] views = replica.stateViews();
    assertNotNull(views, "the in-place average would fall back to copies");
    float[] written = new float[replica.stateLength()];
    replica.writeState(written);
    float[] viewed = new float[written.length];
    int at = 0;
    for (FloatBuffer view : views) {
      int n = view.remaining();
      view.duplicate().get(viewed, at, n);
      at += n;
    }
    assertEquals(written.length, at);
    assertArrayEquals(written, viewed);
    views[0].put(0, 42f);
    assertEquals(42f, network.params().getFloat(0));
  }
}
