package io.sparktrain.pipeline;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.LabeledData;
import io.sparktrain.data.LabeledDataLoader;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.transfer.ModelSources;
import java.io.PrintStream;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;

/**
 * What a running stage may use: the Spark context, the data cache, the console, the train job, and
 * the model file each stage starts from, which the pipeline runner locates (an earlier stage's
 * directory, or a source file hashed once per invocation).
 */
public final class StageContext {

  private final JavaSparkContext sc;
  private final DataCache cache;
  private final PrintStream console;
  private final TrainJob trainer;
  private final Function<Stage, ModelSources.Located> inputs;

  StageContext(JavaSparkContext sc, DataCache cache, PrintStream console, TrainJob trainer,
      Function<Stage, ModelSources.Located> inputs) {
    this.sc = sc;
    this.cache = cache;
    this.console = console;
    this.trainer = trainer;
    this.inputs = inputs;
  }

  /** Work on a stage's input model that returns the stage's finished record. */
  @FunctionalInterface
  public interface ModelWork {
    RunRecord apply(Model network, RunRecord record);
  }

  public JavaSparkContext sc() {
    return sc;
  }

  public DataCache cache() {
    return cache;
  }

  public PrintStream console() {
    return console;
  }

  public TrainJob trainer() {
    return trainer;
  }

  /** The model file {@code stage} starts from; null for one that starts from none. */
  public ModelSources.Located input(Stage stage) {
    return inputs.apply(stage);
  }

  /** The model {@code stage} starts from, loaded: a stack or a graph. */
  public Model load(Stage stage) {
    return ModelSources.load(input(stage).file(), sc.hadoopConfiguration());
  }

  /** A job's data, its text numbered by the word vectors its spec names. */
  public LabeledData data(JobSpec job) {
    return LabeledDataLoader.load(sc, job, cache, trainer.vocabulary(job.data()));
  }

  /**
   * Trains {@code stage} into {@code dir}, resuming its checkpoint when {@code dir} holds an
   * unfinished run of exactly {@code resolved}, else starting from {@code initial}.
   */
  public void train(RunDirectory dir, Stage stage, String resolved, RunRecord.StageRef ref,
      TrainJob.InitialNetwork initial) {
    trainer.runIn(dir, stage.job(), resolved, initial, ref);
  }

  /**
   * Runs a stage that works on a trained model without training it: writes its spec and a running
   * record, lets {@code work} fill the record in, and writes it finished last, so an interrupted
   * stage is simply run again.
   */
  public void onModel(RunDirectory dir, Stage stage, String resolved, RunRecord.StageRef ref,
      ModelWork work) {
    dir.writeText(RunDirectory.SPEC, resolved);
    RunRecord record = RunRecord.started(null, null, null).withStage(ref);
    dir.writeJson(RunDirectory.RUN, record);
    Model network = load(stage);
    dir.writeJson(RunDirectory.RUN, work.apply(network, record).finishedNow());
  }
}
