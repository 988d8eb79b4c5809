package io.sparktrain.train.fused;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * Reads DL4J's updater blocks into {@link BlockPass}es: where each variable lies in the flat
 * parameter, gradient and state arrays, and what its layer's configuration asks of its gradient.
 * What it cannot express goes into the problem list instead.
 */
final class BlockPlanner {

  private final Model network;
  private final List<String> problems;

  BlockPlanner(Model network, List<String> problems) {
    this.network = network;
    this.problems = problems;
  }

  List<BlockPass> passes(BaseMultiLayerUpdater<?> updater) {
    INDArray stateView = updater.getStateViewArray();
    BlockPass.NativeArrays arrays = new BlockPass.NativeArrays(floats(network.params()),
        floats(network.getGradientsViewArray()), stateView == null ? null : floats(stateView));
    int paramBase = offset(network.params());
    int gradBase = offset(network.getGradientsViewArray());
    int stateBase = stateView == null ? 0 : offset(stateView);
    Chunk chunk = new Chunk();
    List<BlockPass> passes = new ArrayList<>();
    for (UpdaterBlock block : updater.getUpdaterBlocks()) {
      UpdaterBlock.ParamState first = block.getLayersAndVariablesInBlock().get(0);
      IUpdater config = first.getLayer().getConfig().getUpdaterByParam(first.getParamName());
      FusedRule rule = Rules.of(config);
      if (rule == null) {
        problems.add("updater " + config.getClass().getSimpleName());
        continue;
      }
      if (block.isPretrainUpdaterBlock()) {
        problems.add("layerwise pretraining parameters");
        continue;
      }
      int blockLength = block.getParamOffsetEnd() - block.getParamOffsetStart();
      if (blockLength == 0) {
        continue;
      }
      List<BlockPass.Variable> variables = new ArrayList<>();
      int offset = block.getParamOffsetStart();
      for (UpdaterBlock.ParamState var : block.getLayersAndVariablesInBlock()) {
        int inBlock = offset - block.getParamOffsetStart();
        int count = Math.toIntExact(var.getParamView().length());
        if (config instanceof NoOp && isFrozen(var.getLayer())) {
          offset += count;
          continue;
        }
        variables.add(new BlockPass.Variable(paramBase + offset, gradBase + offset,
            stateBase + block.getUpdaterViewOffsetStart() + inBlock, count,
            network.conf().isMiniBatch()
                && var.getLayer().updaterDivideByMinibatch(var.getParamName()),
            clip(var.getLayer().getConfig()), decay(var)));
        offset += count;
      }
      if (offset != block.getParamOffsetEnd()) {
        problems.add("updater block's variables do not tile it");
      }
      int slots = (block.getUpdaterViewOffsetEnd() - block.getUpdaterViewOffsetStart())
          / blockLength;
      if (slots > Chunk.SLOTS) {
        problems.add("updater " + config.getClass().getSimpleName() + " keeps " + slots
            + " state slots");
        continue;
      }
      if (!variables.isEmpty()) {
        passes.add(new BlockPass(rule, variables, slots, blockLength, arrays, chunk));
      }
    }
    return passes;
  }

  /**
   * A frozen layer's parameters: DL4J gives them {@code NoOp} and a gradient of zeros
   * ({@code FrozenLayerWithBackprop} zeroes it, {@code FrozenLayer} never writes it), so its step
   * subtracts zeros from them, which the fused step leaves out. Any other {@code NoOp}
   * parameter (batch normalisation's running statistics) gets its gradient subtracted.
   */
  private static boolean isFrozen(Trainable layer) {
    return layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop;
  }

  private float clip(TrainingConfig layer) {
    GradientNormalization normalization = layer.getGradientNormalization();
    if (normalization == null || normalization == GradientNormalization.None) {
      return 0f;
    }
    if (normalization == GradientNormalization.ClipElementWiseAbsoluteValue) {
      return (float) layer.getGradientNormalizationThreshold();
    }
    problems.add("layer " + layer.getLayerName() + ": gradient normalization " + normalization);
    return 0f;
  }

  private WeightDecay decay(UpdaterBlock.ParamState var) {
    List<Regularization> regularizations =
        var.getLayer().getConfig().getRegularizationByParam(var.getParamName());
    if (regularizations == null || regularizations.isEmpty()) {
      return null;
    }
    if (regularizations.size() == 1 && regularizations.get(0) instanceof WeightDecay decay) {
      return decay;
    }
    problems.add("layer " + var.getLayer().getConfig().getLayerName() + ", parameter "
        + var.getParamName() + ": regularization " + regularizations);
    return null;
  }

  /** The whole native buffer under {@code array}, as floats. */
  private static FloatBuffer floats(INDArray array) {
    if (!array.isVectorOrScalar() && array.elementWiseStride() != 1) {
      throw new IllegalStateException("not a contiguous flat array: " + array.shapeInfoToString());
    }
    return array.data().asNioFloat();
  }

  private static int offset(INDArray array) {
    return Math.toIntExact(array.offset());
  }
}
