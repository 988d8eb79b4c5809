package io.sparktrain.pipeline;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.DigitImages;
import io.sparktrain.data.Example;
import io.sparktrain.data.LabeledData;
import io.sparktrain.model.pairs.LinearProbe;
import io.sparktrain.model.pairs.PairMetrics;
import io.sparktrain.model.pairs.PairNetworks;
import io.sparktrain.spec.GraphNode;
import io.sparktrain.spec.GraphSpec;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.SpecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a network trained on a representation loss is judged by, since its outputs are losses,
 * not predictions: a Siamese network ({@code contrastive}) by pair accuracy (threshold chosen on
 * the validation pairs, else the training pairs) and nearest-neighbour classification of single
 * test images by training images' embeddings; a Barlow Twins network ({@code barlow}) by a linear
 * probe on its frozen {@code encoder} vertex. Each against the same untrained network (same seed).
 * The examples are gathered on the driver: the first {@value #SAMPLE} of each split.
 */
final class RepresentationScores {

  /** Examples gathered per split (pairs, images). */
  static final int SAMPLE = 2000;
  /** The vertex a Barlow Twins graph's linear probe reads. */
  static final String ENCODER = PairNetworks.ENCODER;

  private RepresentationScores() {}

  /** The representation loss of the graph's outputs, if one of them has one. */
  static Optional<LayerSpec.Loss> lossOf(ModelSpec model) {
    if (!model.isGraph()) {
      return Optional.empty();
    }
    return outputs(model.graph()).stream().map(n -> n.layer().loss())
        .filter(l -> l != null && l.representation()).findFirst();
  }

  private static List<GraphNode> outputs(GraphSpec graph) {
    return graph.outputs().stream().map(graph::node).filter(n -> n != null && n.isOutput())
        .toList();
  }

  /**
   * Checks what the scores need of the graph: a contrastive loss reads a subtract vertex (the
   * pair's embedding difference), a barlow graph has an {@value #ENCODER} vertex.
   *
   * @throws SpecException naming the vertex's path
   */
  static void check(ModelSpec model) {
    Optional<LayerSpec.Loss> loss = lossOf(model);
    if (loss.isEmpty()) {
      return;
    }
    GraphSpec graph = model.graph();
    if (loss.get() == LayerSpec.Loss.CONTRASTIVE) {
      GraphNode out = lossNode(graph, LayerSpec.Loss.CONTRASTIVE);
      GraphNode in = graph.node(out.inputs().get(0));
      if (in == null || in.merge() != GraphNode.Merge.SUBTRACT) {
        throw new SpecException("model", List.of("model.graph.layers[" + graph.nodes()
            .indexOf(out) + "].inputs: a 'contrastive' loss reads a pair's embedding difference, "
            + "a 'subtract' vertex; found '" + out.inputs().get(0) + "'"));
      }
    }
    if (loss.get() == LayerSpec.Loss.BARLOW && graph.node(ENCODER) == null) {
      throw new SpecException("model", List.of("model.graph.layers: a 'barlow' loss needs a "
          + "vertex named '" + ENCODER + "', the features its linear probe reads"));
    }
  }

  private static GraphNode lossNode(GraphSpec graph, LayerSpec.Loss loss) {
    return outputs(graph).stream().filter(n -> n.layer().loss() == loss).findFirst()
        .orElseThrow();
  }

  /**
   * The scores of {@code trained} and of {@code untrained} (named {@code untrained...}), for a
   * contrastive or barlow graph; empty for others.
   */
  static Map<String, Double> measure(ModelSpec model, LabeledData data, DataCache cache,
      ComputationGraph trained, ComputationGraph untrained) {
    Optional<LayerSpec.Loss> loss = lossOf(model);
    Map<String, Double> scores = new LinkedHashMap<>();
    if (loss.isEmpty() || loss.get() == LayerSpec.Loss.KL) {
      return scores;
    }
    List<Example> images = DigitImages.read(cache, true, 0, SAMPLE);
    List<Example> test = DigitImages.read(cache, false, 0, SAMPLE);
    if (loss.get() == LayerSpec.Loss.CONTRASTIVE) {
      GraphNode difference = model.graph().node(
          lossNode(model.graph(), LayerSpec.Loss.CONTRASTIVE).inputs().get(0));
      Siamese siamese = new Siamese(difference.name(), difference.inputs().get(0),
          sample(data.validationCount() > 0 ? data.validation() : data.train()),
          sample(data.test()), images, test);
      siamese.score(trained, "", scores);
      siamese.score(untrained, "untrained", scores);
    } else {
      LinearProbe probe = new LinearProbe(5, 1e-3, 12);
      scores.put("probeAccuracy", probe(trained, probe, images, test));
      scores.put("randomProbeAccuracy", probe(untrained, probe, images, test));
    }
    return scores;
  }

  private static double probe(ComputationGraph graph, LinearProbe probe, List<Example> images,
      List<Example> test) {
    return probe.accuracy(PairNetworks.features(graph, ENCODER, features(images)),
        labels(images), PairNetworks.features(graph, ENCODER, features(test)), labels(test), 10);
  }

  /** The Siamese scores: what is compared, and how. */
  private record Siamese(String difference, String embedding, List<Example> tuning,
      List<Example> testPairs, List<Example> images, List<Example> test) {

    void score(ComputationGraph graph, String prefix, Map<String, Double> scores) {
      double threshold = PairMetrics.bestThreshold(
          PairMetrics.distances(graph, difference, features(tuning)), same(tuning));
      double pairs = PairMetrics.accuracy(
          PairMetrics.distances(graph, difference, features(testPairs)), same(testPairs),
          threshold);
      double neighbours = PairMetrics.nearestNeighbourAccuracy(
          PairNetworks.features(graph, embedding, features(images)), labels(images),
          PairNetworks.features(graph, embedding, features(test)), labels(test));
      scores.put(name(prefix, "pairAccuracy"), pairs);
      scores.put(name(prefix, "nearestNeighbourAccuracy"), neighbours);
    }
  }

  private static String name(String prefix, String score) {
    return prefix.isEmpty() ? score
        : prefix + Character.toUpperCase(score.charAt(0)) + score.substring(1);
  }

  private static List<Example> sample(JavaRDD<Example> split) {
    return split.take(SAMPLE);
  }

  private static INDArray features(List<Example> examples) {
    return Nd4j.create(examples.stream().map(Example::features).toArray(float[][]::new));
  }

  private static int[] labels(List<Example> examples) {
    return examples.stream().mapToInt(Example::label).toArray();
  }

  private static boolean[] same(List<Example> pairs) {
    boolean[] same = new boolean[pairs.size()];
    for (int i = 0; i < same.length; i++) {
      same[i] = pairs.get(i).label() == io.sparktrain.data.DigitPairs.SAME;
    }
    return same;
  }
}
