package io.sparktrain.pipeline;

import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.TrainingObserver;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Writes a {@link Checkpoint} after every epoch. */
final class CheckpointWriter implements TrainingObserver {

  private final RunDirectory run;
  private final Supplier<MultiLayerNetwork> model;

  CheckpointWriter(RunDirectory run, Supplier<MultiLayerNetwork> model) {
    this.run = run;
    this.model = model;
  }

  @Override
  public void onEpoch(EpochMetrics metrics) {
    Checkpoint.write(run, model.get(), metrics.epoch());
  }
}
