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

/** Evaluates one partition on its executor with the broadcast model, batch by batch. */
final class EvalTask implements Function2<Integer, Iterator<Example>, Iterator<EvalResult>> {

  private static final long serialVersionUID = 1L;
  private static final int BATCH = 256;
  /** One replica per evaluator and partition, reused across epochs: only parameters change. */
  private static final Map<String, Dl4jReplica> REPLICAS = new ConcurrentHashMap<>();

  private final String evaluatorId;
  private final String configurationJson;
  private final Broadcast<float[]> params;
  private final Target target;
  /** Whether the configuration is a graph's rather than a stack's. */
  private final boolean graph;

  EvalTask(String evaluatorId, String configurationJson, boolean graph, Broadcast<float[]> params,
      Target target) {
    this.evaluatorId = evaluatorId;
    this.configurationJson = configurationJson;
    this.params = params;
    this.target = target;
    this.graph = graph;
  }

  @Override
  public Iterator<EvalResult> call(Integer partition, Iterator<Example> examples) {
    GpuAffinity.pinCurrentTask();
    Dl4jReplica replica = REPLICAS.computeIfAbsent(evaluatorId + "/" + partition,
        key -> graph ? GraphReplica.forEvaluation(configurationJson, target)
            : MultiLayerReplica.forEvaluation(configurationJson, target));
    replica.setParameters(params.value());
    Evaluation classes = new Evaluation(Math.max(2, target.numClasses()));
    TargetMetrics metrics = target.newMetrics(replica.outputsProbabilities());
    List<String> names = replica.outputNames();
    List<OutputEval> outputs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      outputs.add(new OutputEval(names.get(i), new Evaluation(Math.max(2, target.numClasses())),
          target.newMetrics(replica.outputsProbabilities(i))));
    }
    EvalTally tally = replica.evaluate(examples, BATCH, classes, metrics, outputs);
    return List.of(new EvalResult(classes, tally.lossSum(), tally.examples(), metrics, outputs))
        .iterator();
  }

  static void release(String evaluatorId) {
    REPLICAS.keySet().removeIf(key -> key.startsWith(evaluatorId + "/"));
  }
}
