package io.sparktrain.train;

import io.sparktrain.data.Example;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Evaluates one partition on its executor with the broadcast model, batch by batch. */
final class EvalTask implements Function2<Integer, Iterator<Example>, Iterator<EvalResult>> {

  private static final long serialVersionUID = 1L;
  private static final int BATCH = 256;
  /** One network per evaluator and partition, reused across epochs: only parameters change. */
  private static final Map<String, MultiLayerNetwork> NETWORKS = new ConcurrentHashMap<>();

  private final String evaluatorId;
  private final String configurationJson;
  private final Broadcast<float[]> params;
  private final Target target;

  EvalTask(String evaluatorId, String configurationJson, Broadcast<float[]> params, Target target) {
    this.evaluatorId = evaluatorId;
    this.configurationJson = configurationJson;
    this.params = params;
    this.target = target;
  }

  @Override
  public Iterator<EvalResult> call(Integer partition, Iterator<Example> examples) {
    GpuAffinity.pinCurrentTask();
    MultiLayerNetwork network = NETWORKS.computeIfAbsent(evaluatorId + "/" + partition, key -> {
      MultiLayerNetwork created =
          new MultiLayerNetwork(MultiLayerConfiguration.fromJson(configurationJson));
      created.init();
      return created;
    });
    float[] values = params.value();
    network.setParams(Nd4j.create(values, new long[] {1, values.length}));
    Shard shard = Shard.of(examples, target);
    EvalResult result = EvalResult.empty(target.numClasses());
    int[] order = shard.order(0, false);
    for (int from = 0; from < shard.size(); from += BATCH) {
      int to = Math.min(from + BATCH, shard.size());
      DataSet batch = shard.batch(order, from, to);
      if (!target.reconstruct()) {
        result.evaluation().eval(batch.getLabels(), network.output(batch.getFeatures(), false));
      }
      double loss = network.score(batch, false) * (to - from);
      result = new EvalResult(result.evaluation(), result.lossSum() + loss,
          result.examples() + (to - from));
    }
    return List.of(result).iterator();
  }

  static void release(String evaluatorId) {
    NETWORKS.keySet().removeIf(key -> key.startsWith(evaluatorId + "/"));
  }
}
