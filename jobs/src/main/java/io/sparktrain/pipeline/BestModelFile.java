package io.sparktrain.pipeline;

import io.sparktrain.runs.ModelFiles;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.train.BestModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Early stopping's best weights as {@code best.zip} in the run directory, written atomically at
 * each new best, so that a run killed after its best epoch still ends with that epoch's model.
 */
final class BestModelFile implements BestModel {

  static final String FILE = "best.zip";

  private final RunDirectory run;

  BestModelFile(RunDirectory run) {
    this.run = run;
  }

  @Override
  public void keep(MultiLayerNetwork model, int epoch) {
    ModelFiles.write(run, FILE, local -> {
      ModelSerializer.writeModel(model, local, true);
      return null;
    });
  }

  @Override
  public MultiLayerNetwork restore() {
    return ModelFiles.read(run, FILE, local -> ModelSerializer.restoreMultiLayerNetwork(local,
        true));
  }
}
