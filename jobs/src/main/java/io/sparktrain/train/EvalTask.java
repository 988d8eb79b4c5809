package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.train.replica.EvalTally;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.evaluation.classification.Evaluation;
import scala.Tuple2;

/**
 * Evaluates one partition of one split on its executor with the broadcast model, batch by batch,
 * and tags the result with the split's index.
 */
final class EvalTask
    implements Function2<Integer, Iterator<Example>, Iterator<Tuple2<Integer, EvalResult>>> {

  private static final long serialVersionUID = 1L;
  /** The fewest and the most examples scored at a time. */
  private static final int MIN_BATCH = 256;
  private static final int MAX_BATCH = 1024;
  /** Floats a dense stack's widest activation may hold (16 MB) before a batch takes fewer. */
  private static final int BATCH_FLOATS = 1 << 22;
  /**
   * One replica per evaluator, split and partition, reused across epochs: only parameters change.
   */
  private static final Map<String, Dl4jReplica> REPLICAS = new ConcurrentHashMap<>();

  private final String evaluatorId;
  private final int split;
  private final String configurationJson;
  private final Broadcast<float[]> params;
  private final Target target;
  /** Whether the configuration is a graph's rather than a stack's. */
  private final boolean graph;

  EvalTask(String evaluatorId, int split, String configurationJson, boolean graph,
      Broadcast<float[]> params, Target target) {
    this.evaluatorId = evaluatorId;
    this.split = split;
    this.configurationJson = configurationJson;
    this.params = params;
    this.target = target;
    this.graph = graph;
  }

  @Override
  public Iterator<Tuple2<Integer, EvalResult>> call(Integer partition,
      Iterator<Example> examples) {
    GpuAffinity.pinCurrentTask();
    Dl4jReplica replica = REPLICAS.computeIfAbsent(evaluatorId + "/" + split + "/" + partition,
        key -> graph ? GraphReplica.forEvaluation(configurationJson, target)
            : MultiLayerReplica.forEvaluation(configurationJson, target));
    replica.setParameters(params.value());
    return List.of(new Tuple2<>(split, score(replica, Shard.of(examples, target), target)))
        .iterator();
  }

  /**
   * {@code replica}'s scores on {@code data} as it stands: classes, loss, the target's own
   * metrics and, for a graph with several outputs, each output's.
   */
  static EvalResult score(Dl4jReplica replica, Shard data, Target target) {
    Evaluation classes = new Evaluation(Math.max(2, target.numClasses()));
    TargetMetrics metrics = target.newMetrics(replica.outputsProbabilities());
    List<String> names = replica.outputNames();
    List<OutputEval> outputs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      outputs.add(new OutputEval(names.get(i), new Evaluation(Math.max(2, target.numClasses())),
          target.newMetrics(replica.outputsProbabilities(i))));
    }
    EvalTally tally = replica.evaluate(data, batchSize(replica), classes, metrics, outputs);
    return new EvalResult(classes, tally.lossSum(), tally.examples(), metrics, outputs);
  }

  /**
   * Examples per scored batch. A stack of dense layers takes up to 1,024 (the MLP's 9,000 MNIST
   * examples in 165-171 ms on one thread against 207-220 ms in batches of 256; docs/
   * performance.md), fewer as its widest layer widens, never fewer than 256; any other network
   * 256 (the LeNet CNN gained -1 to 9 % a repeat from the larger batch, and bounding its maps
   * would take more than the layers' widths).
   */
  static int batchSize(Dl4jReplica replica) {
    int width = replica.denseWidth();
    if (width == 0) {
      return MIN_BATCH;
    }
    int fits = BATCH_FLOATS / width;
    return Math.max(MIN_BATCH, Math.min(MAX_BATCH, Integer.highestOneBit(Math.max(1, fits))));
  }

  static void release(String evaluatorId) {
    REPLICAS.keySet().removeIf(key -> key.startsWith(evaluatorId + "/"));
  }
}
