package io.sparktrain.runs;

import java.io.File;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The state a run resumes from: the network (a stack or a graph) with its updater state (Adam's moments) and iteration
 * count, and the number of epochs completed, in one zip written atomically after every epoch, so
 * a crash leaves either the previous checkpoint or the new one. The engine derives every random
 * stream from (seed, epoch, round, partition), so nothing else is needed to continue exactly.
 */
public final class Checkpoint {

  public static final String FILE = "checkpoint.zip";
  private static final String EPOCHS_ENTRY = "sparktrain-completed-epochs";
  private static final String RULES_ENTRY = "sparktrain-epoch-rules";

  private Checkpoint() {}

  /**
   * A restored checkpoint.
   *
   * @param rules the counters of the rules applied between epochs (learning-rate multiple,
   *     ReduceLROnPlateau, early stopping, rollbacks), opaque to the run store; null in a
   *     checkpoint written without them
   */
  public record State(Model network, int completedEpochs, Serializable rules) {}

  /** Writes the checkpoint after {@code completedEpochs} epochs, replacing the previous one. */
  public static void write(RunDirectory run, Model network, int completedEpochs,
      Serializable rules) {
    Map<String, Serializable> objects = new LinkedHashMap<>();
    objects.put(EPOCHS_ENTRY, completedEpochs);
    if (rules != null) {
      objects.put(RULES_ENTRY, rules);
    }
    ModelFiles.write(run, FILE, local -> {
      NetworkZips.write(network, local, objects);
      return null;
    });
  }

  /** The run's checkpoint, if it has one. */
  public static Optional<State> read(RunDirectory run) {
    return Optional.ofNullable(ModelFiles.read(run, FILE, local -> new State(
        NetworkZips.read(local, true),
        ModelSerializer.<Integer>getObjectFromFile(local, EPOCHS_ENTRY), rules(local))));
  }

  private static Serializable rules(File local) {
    try {
      return ModelSerializer.getObjectFromFile(local, RULES_ENTRY);
    } catch (RuntimeException e) {
      // A checkpoint of a run without rules (or of an older version) has no such entry.
      return null;
    }
  }
}
