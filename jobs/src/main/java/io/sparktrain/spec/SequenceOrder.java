package io.sparktrain.spec;

import io.sparktrain.spec.LayerSpec.LayerType;
import java.util.List;

/**
 * Where recurrent layers may stand in a stack. A recurrent layer reads a sequence: the data itself
 * (an image row by row, a series step by step, word ids through an embedding) or what an
 * embedding, a conv1d or another recurrent layer that returns its sequence emits. A layer that
 * returns its whole sequence must hand it to a layer that reads one (another recurrent layer, or
 * a global pooling that makes it one vector), or to an output layer that scores every step (a
 * many-to-many model, whose data has a target per step: JobSpec checks that); DL4J would otherwise
 * flatten the steps into examples and fail on the labels' count far from the spec.
 */
final class SequenceOrder {

  private SequenceOrder() {}

  /** Why layer {@code index} cannot stand where it is, or null when it can. */
  static String problem(List<LayerSpec> layers, int index) {
    LayerSpec layer = layers.get(index);
    if (layer.type().recurrent() && index > 0 && !emitsSequence(layers, index - 1)) {
      return "a '" + YamlNames.of(layer.type()) + "' layer reads a sequence: it must come first, "
          + "or after an embedding, conv1d or recurrent layer with returnSequences: true";
    }
    if (emitsSequence(layers, index) && layer.type().recurrent() && index + 1 < layers.size()
        && layers.get(index + 1) != null) {
      LayerType next = layers.get(index + 1).type();
      if (!readsSequence(next)) {
        return "returnSequences: true needs a recurrent, global-pooling or (per-step) output "
            + "layer next, found '"
            + YamlNames.of(next) + "'";
      }
    }
    return null;
  }

  /** Whether layer {@code index} (null-free) emits a sequence; dropout passes its input on. */
  private static boolean emitsSequence(List<LayerSpec> layers, int index) {
    LayerSpec layer = layers.get(index);
    if (layer == null) {
      return false;
    }
    return switch (layer.type()) {
      case EMBEDDING, CONV1D -> true;
      case RNN, LSTM, GRU -> Boolean.TRUE.equals(layer.returnSequences());
      case DROPOUT -> index > 0 && emitsSequence(layers, index - 1);
      default -> false;
    };
  }

  /**
   * Whether the last layer is an output after an rnn or lstm that returns its sequence: one
   * prediction per step. (The gru is left out: it has no masks, and per-step targets come padded.)
   */
  static boolean perStepOutput(List<LayerSpec> layers) {
    int last = layers.size() - 1;
    if (last < 1 || layers.get(last) == null || layers.get(last - 1) == null
        || layers.get(last).type() != LayerType.OUTPUT) {
      return false;
    }
    LayerSpec before = layers.get(last - 1);
    return (before.type() == LayerType.RNN || before.type() == LayerType.LSTM)
        && Boolean.TRUE.equals(before.returnSequences());
  }

  private static boolean readsSequence(LayerType type) {
    return type.recurrent() || type == LayerType.GLOBAL_POOLING || type == LayerType.DROPOUT
        || type == LayerType.OUTPUT;
  }
}
