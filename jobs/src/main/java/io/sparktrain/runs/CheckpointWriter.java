package io.sparktrain.runs;

import java.io.Serializable;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Model;

/**
 * Writes a {@link Checkpoint} of the current model each time an epoch completes. It takes plain
 * epoch numbers rather than being a training observer, so that the run store does not depend on
 * the engine above it; the train job adapts it.
 */
public final class CheckpointWriter {

  private final RunDirectory run;
  private final Supplier<? extends Model> model;
  private final Supplier<? extends Serializable> rules;

  /** @param rules the between-epoch rules' counters at the moment of writing, or null */
  public CheckpointWriter(RunDirectory run, Supplier<? extends Model> model,
      Supplier<? extends Serializable> rules) {
    this.run = run;
    this.model = model;
    this.rules = rules;
  }

  /** Replaces the checkpoint with the model after {@code completedEpochs} epochs. */
  public void epochCompleted(int completedEpochs) {
    Checkpoint.write(run, model.get(), completedEpochs, rules.get());
  }
}
