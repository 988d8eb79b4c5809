package io.sparktrain.train;

import io.sparktrain.data.Example;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;

/**
 * Evaluates a model on a distributed data split: the parameters are broadcast, every partition is
 * evaluated on its executor and only the per-partition {@link EvalResult}s reach the driver.
 */
public final class Evaluator implements AutoCloseable {

  private final JavaSparkContext sc;
  private final Target target;
  private final String id = UUID.randomUUID().toString();

  public Evaluator(JavaSparkContext sc, int numClasses) {
    this(sc, Target.classes(numClasses));
  }

  /** For a reconstruction target only the loss is measured; accuracy is NaN. */
  public Evaluator(JavaSparkContext sc, Target target) {
    this.sc = sc;
    this.target = target;
  }

  /**
   * Evaluates {@code model}, a stack or a graph, on {@code data}; an empty split gives NaN
   * accuracy and loss. A graph's first output gives the headline scores; a graph with several
   * outputs gets each output's too ({@link EvalResult#outputs}). The loss is the graph's, the
   * outputs' losses summed by their weights.
   */
  public EvalResult evaluate(Model model, JavaRDD<Example> data) {
    Broadcast<float[]> params = sc.broadcast(model.params().toFloatVector());
    try {
      EvalTask task = new EvalTask(id, Networks.configurationJson(model),
          Networks.isGraph(model), params, target);
      return data.mapPartitionsWithIndex(task, true)
          .treeAggregate(EvalResult.empty(Math.max(2, target.numClasses())), EvalResult::merge,
              EvalResult::merge);
    } finally {
      params.destroy(false);
    }
  }

  @Override
  public void close() {
    EvalTask.release(id);
  }
}
