package io.sparktrain.pipeline;

import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.ModelReader;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.OutputSpec;
import io.sparktrain.spec.SectionReader;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecNode;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.spec.TrainingSpec;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every stage kind's reader shares: the stage's mapping, its name and the pipeline's output,
 * the sections most kinds have, and {@link #build}, which turns the problems a stage record finds
 * in itself into problem lines under the stage's path.
 */
public final class StageReading {

  private final SpecNode node;
  private final String name;
  private final OutputSpec output;

  StageReading(SpecNode node, String name, OutputSpec output) {
    this.node = node;
    this.name = name;
    this.output = output;
  }

  public String name() {
    return name;
  }

  public OutputSpec output() {
    return output;
  }

  /** A text key of the stage; null when absent. */
  public String text(String key) {
    return node.get(key).text(null);
  }

  /** A key given as a name or an integer (a layer); null when absent. */
  public String scalar(String key) {
    return node.get(key).scalar(null);
  }

  /**
   * The stage's data, optimizer and training, and its layers from {@code modelKey} ({@code model}
   * or {@code head}; null for a stage without layers of its own). Absent data or layers are
   * null, for the record to report.
   */
  public JobSpec job(String modelKey) {
    SpecNode data = node.get("data");
    SpecNode model = modelKey == null ? null : node.get(modelKey);
    ModelSpec layers = model == null ? ModelSpec.of(List.of())
        : model.isMapping(null) ? ModelReader.model(model) : null;
    DataSpec dataSpec = data.isMapping(null) ? SectionReader.data(data) : null;
    JobSpec job = SpecReader.job(node, name, dataSpec, layers, output);
    // A problem of the job is recorded and fails the document; the stage is still built, on the
    // default optimizer and training, so that its own problems are found in the same pass.
    return job != null ? job : new JobSpec(name, dataSpec, layers, OptimizerSpec.defaults(),
        TrainingSpec.defaults(), output);
  }

  /** Builds the stage record; the problems it finds are recorded under the stage's path. */
  public <S extends Stage> S build(Supplier<S> record) {
    try {
      return record.get();
    } catch (SpecException e) {
      node.problems(e);
      return null;
    }
  }
}
