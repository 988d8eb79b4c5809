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
 * driver learns of a failure between two epochs here, as soon as the bus delivers it, where the
 * stage's gate learns of it only when the retried attempt's tasks ask for orders. A stage that
 * lost a task is ended before the next epoch is posted to it, so that the epoch starts a new
 * stage with every attempt Spark allows one, as one stage an epoch did (docs/architecture.md).
 *
 * <p>A stage is known by the local property {@link #PROPERTY} that its job was submitted with.
 * Best effort: the bus delivers events a little late, and an executor that vanishes without
 * closing its connections is noticed only after {@code spark.network.timeout}; a loss the bus
 * has not told of when the next epoch is posted leaves that epoch in the retried attempt.
 */
final class SpanFailures extends SparkListener {

  /** The local property that names the span a job's stages belong to. */
  static final String PROPERTY = "sparktrain.span";

  /** The spans started and not ended: late events of an ended span are not kept. */
  private final Set<String> live = ConcurrentHashMap.newKeySet();
  private final Map<Integer, String> spanOfStage = new ConcurrentHashMap<>();
  private final Set<String> failed = ConcurrentHashMap.newKeySet();

  /** Listens for span {@code name}'s stage, whose job is about to be submitted. */
  void watch(String name) {
    live.add(name);
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    Properties properties = submitted.properties();
    String span = properties == null ? null : properties.getProperty(PROPERTY);
    if (span != null && live.contains(span)) {
      spanOfStage.put(submitted.stageInfo().stageId(), span);
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd ended) {
    if (Success$.MODULE$.equals(ended.reason())) {
      return;
    }
    String span = spanOfStage.get(ended.stageId());
    if (span != null && live.contains(span)) {
      failed.add(span);
    }
  }

  /** Whether a task of span {@code name}'s stage ended other than successfully, in any attempt. */
  boolean lostATask(String name) {
    return failed.contains(name);
  }

  /** Forgets span {@code name}, which has ended. */
  void forget(String name) {
    live.remove(name);
    failed.remove(name);
    spanOfStage.values().removeIf(name::equals);
  }
}
