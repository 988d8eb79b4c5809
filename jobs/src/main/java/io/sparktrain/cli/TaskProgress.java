package io.sparktrain.cli;

import java.io.PrintStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Prints a command's progress over Spark's tasks, on the driver: a line when a stage starts and
 * at every tenth of its tasks, so long jobs show they move without flooding a log.
 */
final class TaskProgress extends SparkListener {

  private final JavaSparkContext sc;
  private final PrintStream console;
  private final String label;
  private int stageTasks;
  private int done;

  private TaskProgress(JavaSparkContext sc, PrintStream console, String label) {
    this.sc = sc;
    this.console = console;
    this.label = label;
  }

  static TaskProgress attach(JavaSparkContext sc, PrintStream console, String label) {
    TaskProgress progress = new TaskProgress(sc, console, label);
    sc.sc().addSparkListener(progress);
    return progress;
  }

  void detach() {
    sc.sc().removeSparkListener(this);
  }

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted event) {
    stageTasks = event.stageInfo().numTasks();
    done = 0;
    console.printf("%s: stage %d (%s), %d tasks%n", label, event.stageInfo().stageId(),
        event.stageInfo().name(), stageTasks);
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
    done++;
    if (stageTasks > 0 && (done * 10 / stageTasks) > ((done - 1) * 10 / stageTasks)) {
      console.printf("%s: %d of %d tasks done%n", label, done, stageTasks);
    }
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
    stageTasks = 0;
  }
}
