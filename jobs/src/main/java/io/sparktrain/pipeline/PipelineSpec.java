package io.sparktrain.pipeline;

import io.sparktrain.spec.Checks;
import io.sparktrain.spec.OutputSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Named stages run in order in one Spark application, later ones starting from earlier ones'
 * models ({@code from: pretrain}).
 *
 * @param name names the directory of the pipeline's runs under {@link OutputSpec#runsDir()}
 * @param baseline the training stage the comparison measures the others against (the network
 *     trained from scratch, say); null for none
 */
public record PipelineSpec(String name, List<Stage> stages, OutputSpec output, String baseline) {

  public PipelineSpec {
    stages = List.copyOf(stages);
    Checks checks = new Checks().required("name", name)
        .check(!stages.isEmpty(), "stages", "must not be empty");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < stages.size(); i++) {
      checks.check(names.add(stages.get(i).name()), "stages[" + i + "].name",
          "stage name '" + stages.get(i).name() + "' is used twice");
    }
    checks.check(baseline == null || stages.stream().anyMatch(s -> baseline.equals(s.name())
        && s.trains()), "baseline", "no training stage '" + baseline + "' (training stages: "
        + String.join(", ", stages.stream().filter(Stage::trains).map(Stage::name).toList())
        + ")");
    checks.throwIfAny("pipeline " + name);
  }

  /** A pipeline without a baseline. */
  public PipelineSpec(String name, List<Stage> stages, OutputSpec output) {
    this(name, stages, output, null);
  }

  /** The stage of that name, or null. */
  public Stage stage(String stageName) {
    return stages.stream().filter(s -> s.name().equals(stageName)).findFirst().orElse(null);
  }

  /** The largest number of workers any stage trains with. */
  public int maxWorkers() {
    return stages.stream().mapToInt(Stage::workers).max().orElse(1);
  }
}
