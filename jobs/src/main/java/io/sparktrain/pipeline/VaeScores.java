package io.sparktrain.pipeline;

import io.sparktrain.data.Example;
import io.sparktrain.model.vae.ImageGrid;
import io.sparktrain.model.vae.VaeNetworks;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.GraphNode;
import io.sparktrain.spec.GraphSpec;
import io.sparktrain.spec.LayerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A variational autoencoder's extra output ({@code sampling} vertex, {@code kl} loss): the
 * reconstruction error of the test images (binary cross-entropy summed over the pixels, through
 * the posterior means) and two PNG grids in the run directory, {@value #RECONSTRUCTIONS} (32 test
 * images, then their reconstructions) and {@value #SAMPLES} (64 images decoded from codes drawn
 * from the prior). The negative ELBO itself is the test loss: outside training the sampling
 * vertex passes the mean, so the loss is that reconstruction plus the KL term.
 */
final class VaeScores {

  static final String SAMPLES = "samples.png";
  static final String RECONSTRUCTIONS = "reconstructions.png";
  private static final int SHOWN = 32;

  private VaeScores() {}

  /** Whether the graph samples a code: a VAE. */
  static boolean isVae(GraphSpec graph) {
    return graph != null && graph.nodes().stream()
        .anyMatch(n -> n.merge() == GraphNode.Merge.SAMPLING);
  }

  /**
   * Puts {@code reconstruction} (nats per image) into {@code scores} and writes the grids.
   *
   * @param test test images, one per example; square images of {@code side} pixels
   * @param seed the prior's draws
   */
  static void measure(GraphSpec graph, ComputationGraph vae, List<Example> test, int side,
      long seed, RunDirectory run, Map<String, Double> scores) {
    INDArray images = Nd4j.create(test.stream().map(Example::features).toArray(float[][]::new));
    int output = graph.outputs().indexOf(reconstruction(graph).name());
    INDArray rebuilt = vae.output(false, images)[output];
    scores.put("reconstruction", VaeNetworks.crossEntropy(images, rebuilt).meanNumber()
        .doubleValue());
    int shown = Math.min(SHOWN, (int) images.rows());
    write(Nd4j.vstack(images.get(NDArrayIndex.interval(0, shown), NDArrayIndex.all()),
        rebuilt.get(NDArrayIndex.interval(0, shown), NDArrayIndex.all())), side, run,
        RECONSTRUCTIONS);
    List<String> decoder = decoder(graph);
    if (!decoder.isEmpty()) {
      long latent = vae.getLayer(decoder.get(0)).getParam("W").rows();
      Nd4j.getRandom().setSeed(seed);
      INDArray x = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 64, latent);
      for (String layer : decoder) {
        x = vae.getLayer(layer).activate(x, false, LayerWorkspaceMgr.noWorkspaces());
      }
      write(x, side, run, SAMPLES);
    }
  }

  /** The output that is not the KL term: the decoder's image. */
  private static GraphNode reconstruction(GraphSpec graph) {
    return graph.outputs().stream().map(graph::node)
        .filter(n -> n.layer() != null && n.layer().loss() != LayerSpec.Loss.KL).findFirst()
        .orElseThrow();
  }

  /**
   * The layers from the sampling vertex to the reconstruction, in order, when they are a chain
   * of dense layers ending in that output (what can run on codes alone); else empty, and no
   * samples are drawn.
   */
  private static List<String> decoder(GraphSpec graph) {
    List<String> chain = new ArrayList<>();
    GraphNode node = reconstruction(graph);
    while (node != null && node.merge() != GraphNode.Merge.SAMPLING) {
      boolean dense = node.layer() != null && node.shares() == null && graph.sharersOf(
          node.name()).isEmpty() && (node.layer().type() == LayerSpec.LayerType.DENSE
              || node.layer().type() == LayerSpec.LayerType.OUTPUT);
      if (!dense) {
        return List.of();
      }
      chain.add(0, node.name());
      node = graph.node(node.inputs().get(0));
    }
    return node == null ? List.of() : chain;
  }

  private static void write(INDArray images, int side, RunDirectory run, String name) {
    try {
      Path local = Files.createTempFile("sparktrain-", ".png");
      try {
        ImageGrid.write(images, side, 8, local);
        run.copyIn(local, name);
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
