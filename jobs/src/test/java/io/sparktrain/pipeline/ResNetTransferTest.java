package io.sparktrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparktrain.model.GraphFactory;
import io.sparktrain.model.InputShape;
import io.sparktrain.train.GraphReplica;
import io.sparktrain.transfer.StageNetworks;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The transfer step of {@code conf/pipelines/fashion-resnet-to-mnist.yaml} on its real ResNet-20
 * (batch norm, 1x1 projections, sparktrain's GEMM convolutions), which the pipeline tests cover
 * only on small graphs: cut at the pooling vertex, the residual part stays fixed while the head
 * trains, batch-norm statistics included.
 */
class ResNetTransferTest {

  private static final InputShape IMAGE = InputShape.image(1, 28, 28);
  private static final PipelineSpec PIPELINE = PipelineReader.read(
      Path.of("..", "conf", "pipelines", "fashion-resnet-to-mnist.yaml"));

  /** The pipeline's first stage's ResNet-20, initialised. */
  private static ComputationGraph pretrained() {
    TrainStage pretrain = (TrainStage) PIPELINE.stages().get(0);
    ComputationGraph source = new ComputationGraph(GraphFactory.configuration(
        pretrain.job().model(), pretrain.job().optimizer(), 42, IMAGE));
    source.init();
    return source;
  }

  @Test
  void transfersTheResNetAtItsPoolingVertexWithEveryResidualStageFrozen() {
    ComputationGraph source = pretrained();
    source.fit(GraphReplica.multi(source, batch(7)));
    TransferStage transfer = (TransferStage) PIPELINE.stages().get(1);

    ComputationGraph target = (ComputationGraph) StageNetworks.transfer(source, transfer.keep(),
        transfer.freeze(), transfer.job(), IMAGE);

    float[] residualBefore = kept(target);
    assertArrayEquals(kept(source), residualBefore, "the kept vertices keep their parameters");
    float[] headBefore = target.getLayer("head-1").params().toFloatVector();
    target.fit(GraphReplica.multi(target, batch(8)));
    assertArrayEquals(residualBefore, kept(target), "frozen: convolutions and batch norm alike");
    assertFalse(Arrays.equals(headBefore, target.getLayer("head-1").params().toFloatVector()),
        "the head must train");
    assertEquals(10, target.outputSingle(batch(9).getFeatures()).size(1));
  }

  /**
   * The pipeline's next stage, fine-tuning the transferred ResNet whole: the transfer froze every
   * kept vertex, merges too, and a frozen merge hands no gradient back; thawed with the layers,
   * one step trains the convolutions below the last addition as well as the head.
   */
  @Test
  void finetunesTheTransferredResNetWholeThroughItsAdditions() {
    TransferStage transfer = (TransferStage) PIPELINE.stages().get(1);
    FinetuneStage finetune = (FinetuneStage) PIPELINE.stages().get(2);
    ComputationGraph transferred = (ComputationGraph) StageNetworks.transfer(pretrained(),
        transfer.keep(), transfer.freeze(), transfer.job(), IMAGE);
    ComputationGraph whole = (ComputationGraph) StageNetworks.finetune(transferred,
        finetune.unfreeze(), finetune.learningRates(), finetune.job(), IMAGE);

    float[] stem = whole.getLayer("stem").params().toFloatVector();
    float[] lastConvolution = whole.getLayer("s3b3-conv2").params().toFloatVector();
    whole.fit(GraphReplica.multi(whole, batch(8)));
    assertFalse(Arrays.equals(stem, whole.getLayer("stem").params().toFloatVector()),
        "the first convolution trains");
    assertFalse(Arrays.equals(lastConvolution,
        whole.getLayer("s3b3-conv2").params().toFloatVector()), "the last block trains");
  }

  /** The parameters (batch-norm mean and variance among them) of every vertex below the head. */
  private static float[] kept(ComputationGraph graph) {
    return Nd4j.toFlattened(Arrays.stream(graph.getLayers())
        .filter(l -> !l.getConfig().getLayerName().startsWith("head-") && l.numParams() > 0
            && !l.getConfig().getLayerName().equals("out"))
        .map(l -> l.params()).toList()).toFloatVector();
  }

  private static DataSet batch(long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 10);
    for (int i = 0; i < 8; i++) {
      labels.putScalar(i, i % 10, 1f);
    }
    return new DataSet(Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28), labels);
  }
}
