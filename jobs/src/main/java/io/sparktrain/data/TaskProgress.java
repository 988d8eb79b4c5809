package io.sparktrain.data;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Prints a command's progress over Spark's tasks, on the driver: a line when a stage starts and
 * at every tenth of its tasks, with the time since the stage started and an estimate of the time
 * left, so long jobs (predicting over a large table, counting a large corpus) show they move
 * without flooding a log.
 */
public final class TaskProgress extends SparkListener {

  private final JavaSparkContext sc;
  private final PrintStream console;
  private final String label;
  private int stageTasks;
  private int done;
  private long stageStart;

  private TaskProgress(JavaSparkContext sc, PrintStream console, String label) {
    this.sc = sc;
    this.console = console;
    this.label = label;
  }

  /** Starts printing {@code label}'s progress until {@link #detach()}. */
  public static TaskProgress attach(JavaSparkContext sc, PrintStream console, String label) {
    TaskProgress progress = new TaskProgress(sc, console, label);
    sc.sc().addSparkListener(progress);
    return progress;
  }

  /** Stops printing. */
  public void detach() {
    sc.sc().removeSparkListener(this);
  }

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted event) {
    stageTasks = event.stageInfo().numTasks();
    done = 0;
    stageStart = System.nanoTime();
    console.printf("%s: stage %d (%s), %d tasks%n", label, event.stageInfo().stageId(),
        event.stageInfo().name(), stageTasks);
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
    done++;
    if (stageTasks > 0 && (done * 10 / stageTasks) > ((done - 1) * 10 / stageTasks)) {
      double seconds = (System.nanoTime() - stageStart) / 1e9;
      console.printf(Locale.ROOT, "%s: %d of %d tasks done (%.0f%%), %.0f s, ETA %.0f s%n", label,
          done, stageTasks, 100.0 * done / stageTasks, seconds,
          seconds * (stageTasks - done) / done);
    }
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
    stageTasks = 0;
  }
}
