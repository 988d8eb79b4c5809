package io.sparktrain.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.embed.Word2VecFormat;
import io.sparktrain.embed.WordVectors;
import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.LayerSpec.LayerType;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.SpecException;
import io.sparktrain.train.TrainableParameters;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A text classifier's embedding layer starts from word vectors read back from a word2vec file:
 * row i + 2 holds word i, padding and unknown rows start at zero, and a frozen embedding is left
 * out of the parameters that train.
 */
class PretrainedEmbeddingsTest {

  private static final WordVectors VECTORS = new WordVectors(List.of("free", "offer", "meeting"),
      new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3);
  private static final InputShape TEXT = InputShape.text(4, new InputShape.Words(5, 3));

  @TempDir
  Path dir;

  @Test
  void copiesEachWordVectorToItsRow() {
    Path file = dir.resolve("vectors.bin");
    Word2VecFormat.writeBinary(VECTORS, file);
    WordVectors read = PretrainedEmbeddings.read(file.toString(), new Configuration());
    ModelSpec model = model(embedding(true, false));
    MultiLayerNetwork network = network(model);

    PretrainedEmbeddings.initialise(network, model, read);

    INDArray weights = network.getLayer(0).getParam("W");
    assertArrayEquals(new float[] {0, 0, 0}, weights.getRow(0).toFloatVector());
    assertArrayEquals(new float[] {0, 0, 0}, weights.getRow(1).toFloatVector());
    assertArrayEquals(new float[] {4, 5, 6}, weights.getRow(3).toFloatVector());
    assertArrayEquals(new float[] {7, 8, 9}, weights.getRow(4).toFloatVector());
    INDArray pooled = network.feedForward(Nd4j.createFromArray(new float[][] {{2, 3, 0, 0}}))
        .get(2);
    assertArrayEquals(new float[] {1.25f, 1.75f, 2.25f}, pooled.toFloatVector(), 1e-6f,
        "the mean of free, offer and two padding zeros");
  }

  @Test
  void leavesARandomlyInitialisedEmbeddingAsDrawn() {
    ModelSpec model = model(embedding(false, false));
    MultiLayerNetwork network = network(model);
    INDArray before = network.getLayer(0).getParam("W").dup();

    PretrainedEmbeddings.initialise(network, model, VECTORS);

    assertEquals(before, network.getLayer(0).getParam("W"));
    assertNotEquals(0.0, before.getRow(2).norm2Number().doubleValue());
  }

  @Test
  void aFrozenEmbeddingDoesNotTrain() {
    MultiLayerNetwork network = network(model(embedding(true, true)));

    TrainableParameters trainable = TrainableParameters.of(network);

    assertEquals(5 * 3, trainable.total() - trainable.count());
  }

  @Test
  void anEmbeddingNeedsTextInput() {
    SpecException e = assertThrows(SpecException.class, () -> NetworkFactory.configuration(
        model(embedding(true, false)), OptimizerSpec.defaults(), 1, InputShape.flat(4)));

    assertEquals(List.of("model.layers[0]: an 'embedding' layer reads word ids; the data must be "
        + "text (data.source: spam-assassin)"), e.problems());
  }

  private static LayerSpec embedding(boolean pretrained, boolean frozen) {
    return new LayerSpec(LayerType.EMBEDDING, null, null, null, null, null, null, null,
        LayerSpec.WeightInit.XAVIER, null, null, 0.0, 0.0, pretrained, frozen);
  }

  private static ModelSpec model(LayerSpec embedding) {
    return new ModelSpec(List.of(embedding,
        new LayerSpec(LayerType.GLOBAL_POOLING, null, null, null, null, null,
            LayerSpec.Pooling.AVG, null, null, null, null, null, null),
        LayerSpec.output(2).resolved(LayerSpec.WeightInit.XAVIER, 0, 0)),
        LayerSpec.WeightInit.XAVIER, 0, 0);
  }

  private static MultiLayerNetwork network(ModelSpec model) {
    MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configuration(model,
        OptimizerSpec.defaults(), 7, TEXT));
    network.init();
    return network;
  }
}
