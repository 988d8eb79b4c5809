package io.sparktrain.pipeline;

import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The state a run resumes from: the network with its updater state (Adam's moments) and iteration
 * count, and the number of epochs completed, in one zip written atomically after every epoch, so
 * a crash leaves either the previous checkpoint or the new one. The engine derives every random
 * stream from (seed, epoch, round, partition), so nothing else is needed to continue exactly.
 */
public final class Checkpoint {

  public static final String FILE = "checkpoint.zip";
  private static final String EPOCHS_ENTRY = "sparktrain-completed-epochs";

  private Checkpoint() {}

  /** A restored checkpoint. */
  public record State(MultiLayerNetwork network, int completedEpochs) {}

  /** Writes the checkpoint after {@code completedEpochs} epochs, replacing the previous one. */
  public static void write(RunDirectory run, MultiLayerNetwork network, int completedEpochs) {
    withTemporaryFile(local -> {
      ModelSerializer.writeModel(network, local.toFile(), true);
      ModelSerializer.addObjectToFile(local.toFile(), EPOCHS_ENTRY, completedEpochs);
      run.copyIn(local, FILE);
      return null;
    });
  }

  /** The run's checkpoint, if it has one. */
  public static Optional<State> read(RunDirectory run) {
    return Optional.ofNullable(withTemporaryFile(local -> {
      if (!run.copyOut(FILE, local)) {
        return null;
      }
      MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(local.toFile(), true);
      Integer epochs = ModelSerializer.getObjectFromFile(local.toFile(), EPOCHS_ENTRY);
      return new State(network, epochs);
    }));
  }

  private interface LocalFileWork<T> {
    T run(Path local) throws IOException;
  }

  private static <T> T withTemporaryFile(LocalFileWork<T> work) {
    Path local = null;
    try {
      local = Files.createTempFile("sparktrain-checkpoint", ".zip");
      return work.run(local);
    } catch (IOException e) {
      throw new OutputException("checkpoint: " + e.getMessage(), e);
    } finally {
      if (local != null) {
        try {
          Files.deleteIfExists(local);
        } catch (IOException ignored) {
          // a stray temporary file is not worth failing a run over
        }
      }
    }
  }
}
