package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparktrain.data.CharacterAlphabet;
import io.sparktrain.data.DataCache;
import io.sparktrain.data.Example;
import io.sparktrain.data.NameSource;
import io.sparktrain.spec.DataSource;
import io.sparktrain.spec.DataSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class SequenceBatchTest {

  private static final int V = CharacterAlphabet.size();

  @Test
  void padsRealNamesToTheLongestAndMasksThePadding() {
    DataCache cache = DataCache.fromEnvironment();
    List<String> sets = DataSource.NAMES.cachedSets();
    List<Path> files = sets.stream().map(s -> cache.ensure(s).resolve("names.txt")).toList();
    List<float[]> names = NameSource.names(files).subList(0, 16);
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      examples.add(new Example(i, names.get(i), -1));
    }
    Shard shard = Shard.of(examples.iterator(), Target.of(DataSpec.Target.NEXT_STEP, V, null));
    int[] order = shard.order(0, false);
    DataSet batch = shard.batch(order, 0, names.size());

    int longest = names.stream().mapToInt(n -> n.length - 1).max().orElseThrow();
    assertArrayEquals(new long[] {16, V, longest}, batch.getFeatures().shape());
    assertArrayEquals(new long[] {16, V, longest}, batch.getLabels().shape());
    INDArray mask = batch.getLabelsMaskArray();
    assertArrayEquals(new long[] {16, longest}, mask.shape());
    for (int r = 0; r < names.size(); r++) {
      float[] name = names.get(r);
      for (int t = 0; t < longest; t++) {
        boolean real = t < name.length - 1;
        assertEquals(real ? 1.0 : 0.0, mask.getDouble(r, t), "row " + r + " step " + t);
        assertEquals(real ? 1.0 : 0.0, batch.getFeatures().get(
            org.nd4j.linalg.indexing.NDArrayIndex.point(r),
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.point(t)).sumNumber().doubleValue());
        if (real) {
          assertEquals(1.0, batch.getFeatures().getDouble(r, (int) name[t], t));
          assertEquals(1.0, batch.getLabels().getDouble(r, (int) name[t + 1], t));
        }
      }
    }
    assertEquals(mask, batch.getFeaturesMaskArray());
  }

  @Test
  void stepRowsListEveryStepOfEveryRowInOrder() {
    float[][] sequences = {{0, 2, 1}, {0, 1}};
    DataSet batch = SequenceBatch.of(sequences, new int[] {0, 1}, 0, 2, 3);
    float[][] rows = SequenceBatch.stepRows(batch.getLabels());
    assertArrayEquals(new float[] {0, 0, 1}, rows[0]);
    assertArrayEquals(new float[] {0, 1, 0}, rows[1]);
    assertArrayEquals(new float[] {0, 1, 0}, rows[2]);
    assertArrayEquals(new float[] {0, 0, 0}, rows[3]);
  }
}
