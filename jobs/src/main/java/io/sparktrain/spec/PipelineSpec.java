package io.sparktrain.spec;

import java.util.List;

/**
 * Named stages run in order in one Spark application, later ones starting from earlier ones'
 * models ({@code from: pretrain}).
 *
 * @param name names the directory of the pipeline's runs under {@link OutputSpec#runsDir()}
 * @param baseline the training stage the comparison measures the others against (the network
 *     trained from scratch, say); null for none
 */
public record PipelineSpec(String name, List<StageSpec> stages, OutputSpec output,
    String baseline) {

  /** A pipeline without a baseline. */
  public PipelineSpec(String name, List<StageSpec> stages, OutputSpec output) {
    this(name, stages, output, null);
  }

  /** The stage of that name, or null. */
  public StageSpec stage(String stageName) {
    return stages.stream().filter(s -> s.name().equals(stageName)).findFirst().orElse(null);
  }

  /** The largest number of workers any stage trains with. */
  public int maxWorkers() {
    return stages.stream().mapToInt(s -> s.word2vec() != null ? s.word2vec().workers()
        : s.job() != null ? s.job().training().workers() : 1).max().orElse(1);
  }
}
