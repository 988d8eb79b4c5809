package io.sparktrain.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparktrain.data.DataCache;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class CheckpointTest {

  @TempDir Path dir;

  /** A small network after a few Adam steps on Iris: parameters, moments and count all non-zero. */
  private static MultiLayerNetwork trained() {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
        .updater(new Adam(0.01)).list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(16).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build());
    net.init();
    DataSet flowers = iris();
    for (int step = 0; step < 5; step++) {
      net.fit(flowers);
    }
    return net;
  }

  /**
   * Fisher's iris from the data registry (its scikit-learn CSV: a header line, then four features
   * and the class per line). DL4J's own iris iterator downloads from the internet, and fitting it
   * hung the test JVM when that failed.
   */
  private static DataSet iris() {
    List<String> lines;
    try {
      lines = Files.readAllLines(DataCache.fromEnvironment().ensure("iris").resolve("iris.csv"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    List<String> rows = lines.subList(1, lines.size());
    float[][] x = new float[rows.size()][4];
    float[][] y = new float[rows.size()][3];
    for (int r = 0; r < rows.size(); r++) {
      String[] cells = rows.get(r).split(",");
      for (int c = 0; c < 4; c++) {
        x[r][c] = Float.parseFloat(cells[c]);
      }
      y[r][Integer.parseInt(cells[4].trim())] = 1f;
    }
    return new DataSet(Nd4j.create(x), Nd4j.create(y));
  }

  private RunDirectory run() {
    return RunDirectory.create(dir.toString(), "job", new Configuration());
  }

  private File checkpointFile(RunDirectory run) throws Exception {
    File local = dir.resolve("copy.zip").toFile();
    run.copyOut(Checkpoint.FILE, local.toPath());
    return local;
  }

  @Test
  void readsBackTheNetworkItsUpdaterStateEpochsAndRules() throws Exception {
    MultiLayerNetwork net = trained();
    RunDirectory run = run();
    Checkpoint.write(run, net, 3, new ArrayList<>(List.of("plateau", 2)));

    Checkpoint.State state = Checkpoint.read(run).orElseThrow();
    MultiLayerNetwork restored = (MultiLayerNetwork) state.network();
    assertEquals(net.params(), restored.params());
    assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
    assertEquals(net.getIterationCount(), restored.getIterationCount());
    assertEquals(3, state.completedEpochs());
    assertEquals(List.of("plateau", 2), state.rules());
  }

  @Test
  void dl4jReadsTheObjectsAndTheZipHoldsEachEntryOnce() throws Exception {
    RunDirectory run = run();
    Checkpoint.write(run, trained(), 5, null);
    File local = checkpointFile(run);

    assertEquals(5, ModelSerializer.<Integer>getObjectFromFile(local, "sparktrain-completed-epochs"));
    assertEquals(List.of("sparktrain-completed-epochs"), ModelSerializer.listObjectsInFile(local));
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(local)) {
      zip.stream().map(ZipEntry::getName).forEach(names::add);
    }
    assertEquals(names.stream().distinct().toList(), names, "an entry written twice: " + names);
    assertNull(Checkpoint.read(run).orElseThrow().rules());
  }

  /** A checkpoint written by an earlier version, through DL4J's addObjectToFile, still resumes. */
  @Test
  void readsACheckpointWrittenThroughDl4jsOwnObjectWriter() throws Exception {
    MultiLayerNetwork net = trained();
    Path old = Files.createTempFile(dir, "old-", ".zip");
    ModelSerializer.writeModel(net, old.toFile(), true);
    ModelSerializer.addObjectToFile(old.toFile(), "sparktrain-completed-epochs", 4);
    RunDirectory run = run();
    run.copyIn(old, Checkpoint.FILE);

    Checkpoint.State state = Checkpoint.read(run).orElseThrow();
    assertEquals(4, state.completedEpochs());
    assertEquals(net.params(), ((MultiLayerNetwork) state.network()).params());
  }
}
