package io.sparktrain.transfer;

import io.sparktrain.data.WordIds;
import io.sparktrain.embed.Word2VecFormat;
import io.sparktrain.embed.WordVectors;
import io.sparktrain.spec.DataException;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Word vectors as the starting point of a text classifier: the vocabulary that numbers its input
 * ({@link WordIds}) and the rows its embedding layer starts from.
 */
public final class PretrainedEmbeddings {

  private PretrainedEmbeddings() {}

  /**
   * Reads a word2vec file (binary if it ends in {@code .bin}, else text) from any file system
   * Hadoop reaches.
   *
   * @throws DataException if it cannot be read or is malformed
   */
  public static WordVectors read(String location, Configuration hadoop) {
    Path path = new Path(location);
    try {
      return ModelSources.readLocalCopy(path, hadoop, "-" + path.getName(), Word2VecFormat::read);
    } catch (IOException e) {
      throw new DataException("data.vectors: cannot read " + location + " (" + e.getMessage()
          + ")", e);
    }
  }

  /**
   * Copies the vectors into a freshly initialised network's first layer when it is an embedding
   * that starts pretrained: word i becomes row i + {@link WordIds#RESERVED}; padding and unknown
   * words start at zero, so they add nothing to a pooled text until training moves them.
   */
  public static void initialise(MultiLayerNetwork network, ModelSpec model, WordVectors vectors) {
    if (model.layers().isEmpty()) {
      return;
    }
    LayerSpec first = model.layers().get(0);
    if (first.type() != LayerSpec.LayerType.EMBEDDING || !Boolean.TRUE.equals(first.pretrained())) {
      return;
    }
    INDArray weights = network.getLayer(0).getParam("W");
    int dim = vectors.dim();
    float[] rows = new float[(int) weights.size(0) * dim];
    for (int i = 0; i < vectors.size(); i++) {
      System.arraycopy(vectors.vector(vectors.words().get(i)), 0, rows,
          (i + WordIds.RESERVED) * dim, dim);
    }
    weights.assign(Nd4j.create(rows, new long[] {weights.size(0), dim}));
  }
}
