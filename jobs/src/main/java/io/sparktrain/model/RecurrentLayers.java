package io.sparktrain.model;

import io.sparktrain.spec.LayerSpec;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;

/**
 * The recurrent layers of a spec ({@code rnn}, {@code lstm}, {@code gru}) as DL4J layers: the
 * cell, wrapped bidirectional when asked, then cut to its last step unless it returns its
 * sequence (many-to-one, the default, as Keras's {@code return_sequences=False}).
 */
final class RecurrentLayers {

  private RecurrentLayers() {}

  /** @param l a resolved recurrent layer spec */
  static Layer layer(LayerSpec l) {
    Layer cell = switch (l.type()) {
      case RNN -> options(LayerFactory.weighted(new SimpleRnn.Builder().nOut(l.units()), l), l)
          .build();
      case LSTM -> options(LayerFactory.weighted(
          new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nOut(l.units()), l), l).build();
      case GRU -> new Gru(l);
      default -> throw new IllegalArgumentException("not a recurrent layer: " + l.type());
    };
    if (Boolean.TRUE.equals(l.bidirectional())) {
      cell = new Bidirectional(Bidirectional.Mode.CONCAT, cell);
    }
    // The gru keeps its last step itself: DL4J's LastTimeStep reads only its own layers' format.
    return l.returnSequences() || cell instanceof Gru ? cell : new LastTimeStep(cell);
  }

  /**
   * Input dropout (DL4J drops a layer's input; its argument is the probability of keeping) and
   * recurrent dropout on the hidden-to-hidden weights.
   */
  private static <B extends BaseRecurrentLayer.Builder<B>> B options(B builder, LayerSpec l) {
    if (l.dropout() != null && l.dropout() > 0) {
      builder.dropOut(1.0 - l.dropout());
    }
    if (l.recurrentDropout() != null && l.recurrentDropout() > 0) {
      builder.weightNoise(new RecurrentDropConnect(l.recurrentDropout()));
    }
    return builder;
  }
}
