package io.sparktrain.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.spec.SpecWriter;

/**
 * One stage of a pipeline, or a stage run alone. Each kind is one record that checks itself in
 * its compact constructor, holds its defaults as constants, declares its YAML keys and reader
 * ({@code static final StageKind KIND}), runs itself and writes its own resolved settings.
 *
 * <p>Adding a kind is one new record and its entry in {@code permits}: {@link StageKind#all()}
 * derives the list of kinds from this interface's permitted subclasses.
 */
public sealed interface Stage permits TrainStage, TransferStage, FinetuneStage, EvaluateStage,
    ExtractFeaturesStage, ExportStage, Word2VecStage {

  /** Unique within the pipeline; names the stage's directory and later stages' {@code from}. */
  String name();

  /** The earlier stage this one starts from; null when it has none. */
  default String from() {
    return null;
  }

  /** A model file this one starts from instead of an earlier stage; null when it has none. */
  default String source() {
    return null;
  }

  /** Data, optimizer and training of the stages that read data; null for the others. */
  default JobSpec job() {
    return null;
  }

  /** This stage with other data, optimizer and training (its text data's word vectors, say). */
  default Stage withJob(JobSpec other) {
    return this;
  }

  /** Whether the stage trains a network, and so checkpoints, resumes and may be a baseline. */
  default boolean trains() {
    return false;
  }

  /** How many Spark workers the stage uses. */
  default int workers() {
    return job() != null ? job().training().workers() : 1;
  }

  /** Epochs the stage trains; null for stages that do not. */
  default Integer epochs() {
    return trains() ? job().training().epochs() : null;
  }

  /** The kind's name as YAML spells it ({@code extract-features}). */
  default String kind() {
    return StageKind.of(getClass()).name();
  }

  /** Adds the kind's own settings, every default spelled out, in the shape the reader reads. */
  default void resolve(ObjectNode settings) {}

  /** The sections after the stage's settings in its resolved spec: its job, as YAML. */
  default String resolvedSections() {
    return job() != null && job().data() != null
        ? SpecReader.JOB_SECTION + SpecWriter.toYaml(job()) : "";
  }

  /**
   * Runs the stage into {@code dir}, writing {@code resolved} as its spec and its run record,
   * marked finished last so an interrupted stage is run again.
   */
  void run(StageContext context, RunDirectory dir, String resolved, RunRecord.StageRef ref);
}
