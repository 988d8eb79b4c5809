package io.sparktrain.train;

import io.sparktrain.data.Example;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import scala.Tuple2;

/**
 * Evaluates a model on distributed data splits: the parameters are broadcast, every partition is
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

  /** What the evaluated networks output, and so which scores they get. */
  public Target target() {
    return target;
  }

  /**
   * Evaluates {@code model}, a stack or a graph, on {@code data}; an empty split gives NaN
   * accuracy and loss. A graph's first output gives the headline scores; a graph with several
   * outputs gets each output's too ({@link EvalResult#outputs}). The loss is the graph's, the
   * outputs' losses summed by their weights.
   */
  public EvalResult evaluate(Model model, JavaRDD<Example> data) {
    return evaluate(model, List.of(data)).get(0);
  }

  /**
   * Evaluates {@code model} on each split, as {@link #evaluate(Model, JavaRDD)} does, in one Spark
   * job and one broadcast of the parameters: a training epoch scores the validation split and a
   * training sample, and a job for each would start twice as many tasks and broadcasts an epoch
   * (docs/performance.md).
   *
   * @return one result per split, in the splits' order
   */
  public List<EvalResult> evaluate(Model model, List<JavaRDD<Example>> splits) {
    Broadcast<float[]> params = sc.broadcast(model.params().toFloatVector());
    try {
      String configuration = Networks.configurationJson(model);
      List<JavaRDD<Tuple2<Integer, EvalResult>>> scored = new ArrayList<>();
      for (int i = 0; i < splits.size(); i++) {
        scored.add(splits.get(i).mapPartitionsWithIndex(new EvalTask(id, i, configuration,
            Networks.isGraph(model), params, target), false));
      }
      @SuppressWarnings("unchecked")
      JavaRDD<Tuple2<Integer, EvalResult>> all = scored.size() == 1 ? scored.get(0)
          : sc.union(scored.toArray(new JavaRDD[0]));
      EvalResult[] empty = new EvalResult[splits.size()];
      int classes = Math.max(2, target.numClasses());
      Arrays.setAll(empty, i -> EvalResult.empty(classes));
      return List.of(all.treeAggregate(empty, Evaluator::add, Evaluator::merge));
    } finally {
      params.destroy(false);
    }
  }

  private static EvalResult[] add(EvalResult[] results, Tuple2<Integer, EvalResult> partition) {
    results[partition._1()] = results[partition._1()].merge(partition._2());
    return results;
  }

  private static EvalResult[] merge(EvalResult[] results, EvalResult[] others) {
    for (int i = 0; i < results.length; i++) {
      results[i] = results[i].merge(others[i]);
    }
    return results;
  }

  @Override
  public void close() {
    EvalTask.release(id);
  }
}
