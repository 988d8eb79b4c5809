package io.sparktrain.spec;

import java.util.List;

/**
 * One stage of a pipeline, or a stage run alone. Which fields apply depends on {@link #type()};
 * the others are null.
 *
 * @param name unique within the pipeline; names the stage's directory and what later stages'
 *     {@code from} refers to
 * @param from the earlier stage whose model this one starts from; null when {@code source} is set
 *     or for {@code train}
 * @param source a model file instead of an earlier stage: a sparktrain run directory or its
 *     {@code model.zip}, any DL4J model zip, or a Keras {@code .h5}
 * @param job data, optimizer and training of the stages that train; data only for
 *     {@code evaluate} and {@code extract-features}. Its {@code model} holds the whole network for
 *     {@code train}, the new head for {@code transfer}, no layers otherwise
 * @param keep transfer: the last layer kept from the source, by 0-based index or by name
 * @param freeze transfer: whether the kept layers are frozen; default true
 * @param unfreeze finetune: how many layers from the top train; -1 for all (default)
 * @param learningRates finetune: learning rates of layer groups, overriding the optimizer's
 * @param layer extract-features: the layer whose activations are written, by index or name
 * @param split extract-features: which split of the data; default test
 * @param path export: where the model goes; extract-features: where the Parquet goes (default:
 *     the stage directory)
 * @param word2vec pretrain-w2v: the corpus and Word2Vec settings ({@code corpus},
 *     {@code word2vec}, {@code training} as in a Word2Vec spec)
 */
public record StageSpec(
    String name,
    Type type,
    String from,
    String source,
    JobSpec job,
    String keep,
    Boolean freeze,
    Integer unfreeze,
    List<LayerRate> learningRates,
    String layer,
    Split split,
    String path,
    Word2VecSpec word2vec) {

  /** A stage without Word2Vec settings. */
  public StageSpec(String name, Type type, String from, String source, JobSpec job, String keep,
      Boolean freeze, Integer unfreeze, List<LayerRate> learningRates, String layer, Split split,
      String path) {
    this(name, type, from, source, job, keep, freeze, unfreeze, learningRates, layer, split, path,
        null);
  }

  /** This stage with {@code other} data, optimizer and training. */
  public StageSpec withJob(JobSpec other) {
    return new StageSpec(name, type, from, source, other, keep, freeze, unfreeze, learningRates,
        layer, split, path, word2vec);
  }

  /** Stage kinds. */
  public enum Type {
    TRAIN, TRANSFER, FINETUNE, EVALUATE, EXTRACT_FEATURES, EXPORT, PRETRAIN_W2V;

    /** Whether the stage trains a network (and so checkpoints and resumes). */
    public boolean trains() {
      return this == TRAIN || this == TRANSFER || this == FINETUNE;
    }
  }

  /** The data splits a stage may read. */
  public enum Split { TRAIN, VALIDATION, TEST }

  /**
   * A learning rate for the layers {@code first..last} (0-based, inclusive).
   */
  public record LayerRate(int first, int last, double learningRate) {}
}
