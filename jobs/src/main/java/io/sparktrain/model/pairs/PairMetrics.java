package io.sparktrain.model.pairs;

import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a Siamese embedding is judged by: pair accuracy (a pair is called "same" when its
 * embeddings lie closer than a threshold, the threshold chosen on validation pairs) and the
 * nearest-neighbour classification of single images by the labelled images' embeddings.
 */
public final class PairMetrics {

  private PairMetrics() {}

  /**
   * The Euclidean distance between the embeddings of each pair's two images.
   *
   * @param pairs one pair {@code [first | second]} per row
   */
  public static double[] distances(ComputationGraph siamese, INDArray pairs) {
    return distances(siamese, "difference", pairs);
  }

  /** As {@link #distances(ComputationGraph, INDArray)}, the difference at vertex {@code vertex}. */
  public static double[] distances(ComputationGraph siamese, String vertex, INDArray pairs) {
    INDArray difference = siamese.feedForward(new INDArray[] {pairs}, false, false).get(vertex);
    return difference.norm2(1).toDoubleVector();
  }

  /**
   * The distance threshold that classifies the most pairs right ("same" at or below it): the
   * midpoints between consecutive sorted distances are tried, and both ends.
   *
   * @param same whether each pair shows one class
   */
  public static double bestThreshold(double[] distances, boolean[] same) {
    double[] sorted = distances.clone();
    Arrays.sort(sorted);
    double best = sorted[0] - 1;
    double bestAccuracy = accuracy(distances, same, best);
    for (int i = 0; i < sorted.length; i++) {
      double candidate = i + 1 < sorted.length ? (sorted[i] + sorted[i + 1]) / 2 : sorted[i];
      double accuracy = accuracy(distances, same, candidate);
      if (accuracy > bestAccuracy) {
        bestAccuracy = accuracy;
        best = candidate;
      }
    }
    return best;
  }

  /** The share of pairs called right by {@code threshold}: same exactly when at or below it. */
  public static double accuracy(double[] distances, boolean[] same, double threshold) {
    int right = 0;
    for (int i = 0; i < distances.length; i++) {
      right += (distances[i] <= threshold) == same[i] ? 1 : 0;
    }
    return (double) right / distances.length;
  }

  /**
   * The share of {@code queries} whose nearest (Euclidean) reference embedding has their label.
   *
   * @param references one embedding per row, labelled by {@code referenceLabels}
   * @param queries one embedding per row, labelled by {@code queryLabels}
   */
  public static double nearestNeighbourAccuracy(INDArray references, int[] referenceLabels,
      INDArray queries, int[] queryLabels) {
    // |q - r|^2 = |q|^2 - 2 q.r + |r|^2; |q|^2 is the same for every r of one query.
    INDArray scores = queries.mmul(references.transpose()).muli(-2)
        .addiRowVector(references.mul(references).sum(1));
    INDArray nearest = Nd4j.argMin(scores, 1);
    int right = 0;
    for (int q = 0; q < queryLabels.length; q++) {
      right += referenceLabels[nearest.getInt(q)] == queryLabels[q] ? 1 : 0;
    }
    return (double) right / queryLabels.length;
  }
}
