package io.sparktrain.pipeline;

import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.ModelReader;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.OutputSpec;
import io.sparktrain.spec.SectionReader;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecNode;
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
    return new JobSpec(name, data.isMapping(null) ? SectionReader.data(data) : null, layers,
        SectionReader.optimizer(node.get("optimizer")), SectionReader.training(node.get("training")),
        output);
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
