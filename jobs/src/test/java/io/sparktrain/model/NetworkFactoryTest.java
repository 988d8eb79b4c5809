package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.model.vae.KlLoss;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.ScheduleSpec;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;

class NetworkFactoryTest {

  private static final String LENET = """
      name: lenet
      data: {source: mnist}
      model:
        layers:
          - {type: conv2d, filters: 20, kernel: [5, 5]}
          - {type: subsampling, kernel: [2, 2]}
          - {type: conv2d, filters: 50, kernel: [5, 5], padding: same}
          - {type: subsampling, kernel: [2, 2], pooling: avg}
          - {type: batchnorm}
          - {type: dense, units: 100, activation: gelu}
          - {type: dropout, dropout: 0.5}
          - {type: output, units: 10}
      optimizer: {type: adam, learningRate: 0.002, beta1: 0.8, beta2: 0.99, epsilon: 1.0e-6}
      """;

  private static MultiLayerNetwork network(ModelSpec model, OptimizerSpec optimizer,
      InputShape input) {
    MultiLayerNetwork net =
        new MultiLayerNetwork(NetworkFactory.configuration(model, optimizer, 42, input));
    net.init();
    return net;
  }

  @Test
  void mlpHasTheParameterCountOfItsWeightsAndBiases() {
    ModelSpec mlp = ModelSpec.of(List.of(LayerSpec.dense(256), LayerSpec.output(10)));
    MultiLayerNetwork net = network(mlp, OptimizerSpec.defaults(), InputShape.flat(784));
    assertEquals((784 * 256 + 256) + (256 * 10 + 10), net.numParams());
    assertEquals(DataType.FLOAT, net.params().dataType());
  }

  @Test
  void convNetOnFlattenedImagesOutputsOneRowPerExample() {
    JobSpec spec = SpecReader.parse(LENET, "lenet");
    MultiLayerNetwork net = network(spec.model(), spec.optimizer(), InputShape.image(1, 28, 28));
    long[] shape = net.output(Nd4j.rand(DataType.FLOAT, 2, 784)).shape();
    assertArrayEquals(new long[] {2, 10}, shape);
  }

  @Test
  void adamGetsTheConfiguredBetasAndEpsilon() {
    JobSpec spec = SpecReader.parse(LENET, "lenet");
    MultiLayerConfiguration conf = NetworkFactory.configuration(spec.model(), spec.optimizer(), 1,
        InputShape.image(1, 28, 28));
    Adam adam = assertInstanceOf(Adam.class, updater(conf, 0));
    assertEquals(0.002, adam.getLearningRate());
    assertEquals(0.8, adam.getBeta1());
    assertEquals(0.99, adam.getBeta2());
    assertEquals(1e-6, adam.getEpsilon());
  }

  @Test
  void dropoutProbabilityMapsToRetainProbability() {
    ModelSpec model = ModelSpec.of(List.of(LayerSpec.dense(8), LayerSpec.dropout(0.2),
        LayerSpec.output(2)));
    MultiLayerConfiguration conf = NetworkFactory.configuration(model, OptimizerSpec.defaults(), 1,
        InputShape.flat(4));
    DropoutLayer layer = assertInstanceOf(DropoutLayer.class, conf.getConf(1).getLayer());
    assertEquals(0.8, assertInstanceOf(Dropout.class, layer.getIDropout()).getP(), 1e-12);
  }

  @Test
  void stepScheduleDecaysTheRateEveryStepIterations() {
    OptimizerSpec sgd = new OptimizerSpec(OptimizerSpec.Type.SGD, 0.1, 0.9, 0.9, 0.999, 1e-8,
        new ScheduleSpec(ScheduleSpec.Type.STEP, 0.5, 10, ScheduleSpec.Per.ITERATION));
    ModelSpec model = ModelSpec.of(List.of(LayerSpec.output(2)));
    IUpdater updater = updater(NetworkFactory.configuration(model, sgd, 1, InputShape.flat(3)), 0);
    assertEquals(0.1, updater.getLearningRate(9, 0), 1e-12);
    assertEquals(0.05, updater.getLearningRate(10, 0), 1e-12);
    assertEquals(0.025, updater.getLearningRate(25, 3), 1e-12);
  }

  @Test
  void momentumMapsToHeavyBallAndSurvivesJson() {
    OptimizerSpec momentum = new OptimizerSpec(OptimizerSpec.Type.MOMENTUM, 0.1, 0.7, 0.9, 0.999,
        1e-8, new ScheduleSpec(ScheduleSpec.Type.EXPONENTIAL, 0.99, 1, ScheduleSpec.Per.EPOCH));
    ModelSpec model = ModelSpec.of(List.of(LayerSpec.dense(4), LayerSpec.output(2)));
    MultiLayerConfiguration conf =
        NetworkFactory.configuration(model, momentum, 1, InputShape.flat(3));
    HeavyBallMomentum updater = assertInstanceOf(HeavyBallMomentum.class, updater(conf, 1));
    assertEquals(0.7, updater.getMomentum());
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
    assertEquals(updater, updater(back, 1));
  }

  @Test
  void mapsEveryActivationWeightInitAndLoss() {
    for (LayerSpec.Activation a : LayerSpec.Activation.values()) {
      assertEquals(a.name(), LayerFactory.activation(a).name());
    }
    for (LayerSpec.WeightInit w : LayerSpec.WeightInit.values()) {
      assertEquals(w.name(), LayerFactory.weightInit(w).name());
    }
    Map<LayerSpec.Loss, Class<?>> losses = Map.ofEntries(
        Map.entry(LayerSpec.Loss.MCXENT, LossMCXENT.class),
        Map.entry(LayerSpec.Loss.NEGATIVELOGLIKELIHOOD, LossNegativeLogLikelihood.class),
        Map.entry(LayerSpec.Loss.MSE, LossMSE.class),
        Map.entry(LayerSpec.Loss.XENT, LossBinaryXENT.class),
        Map.entry(LayerSpec.Loss.HINGE, PlusMinusHingeLoss.class),
        Map.entry(LayerSpec.Loss.SQUARED_HINGE, PlusMinusHingeLoss.class),
        Map.entry(LayerSpec.Loss.MAE, LossMAE.class),
        Map.entry(LayerSpec.Loss.HUBER, HuberLoss.class),
        Map.entry(LayerSpec.Loss.CONTRASTIVE, ContrastiveLoss.class),
        Map.entry(LayerSpec.Loss.BARLOW, BarlowTwinsLoss.class),
        Map.entry(LayerSpec.Loss.KL, KlLoss.class));
    assertEquals(LayerSpec.Loss.values().length, losses.size());
    for (LayerSpec.Loss l : LayerSpec.Loss.values()) {
      // The representation losses read the layer below, so they sit on a 'loss' layer.
      LayerSpec.LayerType type = l.representation() ? LayerSpec.LayerType.LOSS
          : LayerSpec.LayerType.OUTPUT;
      LayerSpec output = new LayerSpec(type, type == LayerSpec.LayerType.LOSS ? null : 3, null,
          null, null, null, null, null, null, l, null, null, null)
          .resolved(LayerSpec.WeightInit.XAVIER, 0, 0);
      assertEquals(losses.get(l), LayerFactory.loss(output).getClass(), "loss " + l);
    }
  }

  @Test
  void reportsOutputUnitsThatDifferFromTheClassCount() {
    ModelSpec model = ModelSpec.of(List.of(LayerSpec.dense(16), LayerSpec.output(8)));
    SpecException e = assertThrows(SpecException.class,
        () -> NetworkFactory.validateAgainstData(model, 10));
    assertEquals(List.of("model.layers[1].units: must equal the number of classes in the data "
        + "(10), found 8"), e.problems());
    NetworkFactory.validateAgainstData(model, 8);
  }

  @Test
  void mnistExampleBuildsForMnistInput() {
    JobSpec spec = SpecReader.read(Path.of("..", "conf", "mnist-mlp.yaml"));
    NetworkFactory.validateAgainstData(spec.model(), 10);
    MultiLayerNetwork net = network(spec.model(), spec.optimizer(), InputShape.flat(784));
    assertEquals((784 * 512 + 512) + (512 * 256 + 256) + (256 * 10 + 10), net.numParams());
  }

  private static IUpdater updater(MultiLayerConfiguration conf, int layer) {
    return ((BaseLayer) conf.getConf(layer).getLayer()).getIUpdater();
  }
}
