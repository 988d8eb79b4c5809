package io.sparktrain.train;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Which several-epoch training stages have lost a task, as Spark's listener bus tells it: the
 * driver learns of a failure between two epochs here, at once, where the stage's gate learns of
 * it only when the retried attempt's tasks ask for orders. A stage that lost a task is ended
 * before the next epoch is posted to it, so that the epoch starts a new stage with every attempt
 * Spark allows one, as one stage an epoch did (docs/architecture.md).
 *
 * <p>A stage is known by the local property {@link #PROPERTY} that its job was submitted with.
 */
final class SpanFailures extends SparkListener {

  /** The local property that names the span a job's stages belong to. */
  static final String PROPERTY = "sparktrain.span";

  private final Map<Integer, String> spanOfStage = new ConcurrentHashMap<>();
  private final Set<String> failed = ConcurrentHashMap.newKeySet();

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    Properties properties = submitted.properties();
    String span = properties == null ? null : properties.getProperty(PROPERTY);
    if (span != null) {
      spanOfStage.put(submitted.stageInfo().stageId(), span);
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd ended) {
    if (Success$.MODULE$.equals(ended.reason())) {
      return;
    }
    String span = spanOfStage.get(ended.stageId());
    if (span != null) {
      failed.add(span);
    }
  }

  /** Whether a task of span {@code name}'s stage ended other than successfully, in any attempt. */
  boolean lostATask(String name) {
    return failed.contains(name);
  }

  /** Forgets span {@code name}, which has ended. */
  void forget(String name) {
    failed.remove(name);
    spanOfStage.values().removeIf(name::equals);
  }
}
