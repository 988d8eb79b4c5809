package io.sparktrain.pipeline;

import io.sparktrain.model.OwnLayers;
import io.sparktrain.runs.ModelFiles;
import io.sparktrain.runs.NetworkZips;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.train.BestModel;
import org.deeplearning4j.nn.api.Model;

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
  public void keep(Model model, int epoch) {
    ModelFiles.write(run, FILE, local -> {
      NetworkZips.write(model, local);
      return null;
    });
  }

  @Override
  public Model restore() {
    return OwnLayers.adopted(ModelFiles.read(run, FILE, local -> NetworkZips.read(local, true)));
  }
}
