package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.data.Example;
import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.model.OptimizerRules;
import io.sparktrain.spec.ClipSpec;
import io.sparktrain.spec.LayerSpec;
import io.sparktrain.spec.ModelSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.ScheduleSpec;
import io.sparktrain.train.fused.FusedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every optimizer through the default engine (v2, {@link BarrierEngine}) with two workers, against
 * two replicas trained and averaged by hand in this JVM: the state each rule keeps (moments,
 * accumulators, AMSGrad's maximum, AdaMod's step caps) is averaged with the parameters, neither
 * reset nor kept per worker. Plain SGD averaged every step is SGD on the workers' batches
 * together, and the gradient hooks (clipping) and weight decay reach the replicas. Only the
 * engine's public constructor and {@code trainEpoch} are used; no shuffling, so the workers visit
 * their shards in order.
 */
class OptimizerStateAveragingTest extends LocalSparkTest {

  private static final int FEATURES = SyntheticData.FEATURES;

  private static final int CLASSES = SyntheticData.CLASSES;
  private static final int BATCH = 8;

  /** Three rounds of two steps per worker: the averaged state drives rounds 2 and 3. */
  @ParameterizedTest
  @EnumSource(value = OptimizerSpec.Type.class, names = "SGD", mode = EnumSource.Mode.EXCLUDE)
  void stateIsAveragedAcrossWorkersNotResetNorKeptPerWorker(OptimizerSpec.Type type) {
    OptimizerSpec spec = spec(type, ClipSpec.none(), 0);
    List<Example> data = SyntheticData.blobs(96, type.ordinal());
    int frequency = 2;

    MultiLayerNetwork trained = trainOnEngine(spec, data, 2, BATCH, frequency);
    float[][] averaged = byHand(spec, data, frequency, StateRule.AVERAGE);
    float[][] reset = byHand(spec, data, frequency, StateRule.RESET);
    float[][] perWorker = byHand(spec, data, frequency, StateRule.KEEP_PER_WORKER);

    assertClose(averaged[0], trained.params().toFloatVector(), 2e-5f, type + " parameters");
    assertClose(averaged[1], state(trained), 2e-5f, type + " state");
    assertTrue(maxDifference(reset[1], state(trained)) > 1e-4,
        type + ": resetting the state must give another state, or this test is blind");
    assertTrue(maxDifference(perWorker[1], state(trained)) > 1e-4,
        type + ": keeping the state per worker must give another state, or this test is blind");
  }

  @Test
  void plainSgdAveragedEveryStepIsSgdOnBothWorkersBatches() {
    OptimizerSpec spec = spec(OptimizerSpec.Type.SGD, ClipSpec.none(), 0);
    List<Example> data = SyntheticData.blobs(96, 40);
    MultiLayerNetwork reference = network(spec);
    for (int from = 0; from < 48; from += BATCH) {
      reference.fit(DataSet.merge(List.of(batch(data.subList(from, from + BATCH)),
          batch(data.subList(48 + from, 48 + from + BATCH)))));
    }
    MultiLayerNetwork trained = trainOnEngine(spec, data, 2, BATCH, 1);
    assertClose(reference.params().toFloatVector(), trained.params().toFloatVector(), 1e-5f,
        "sgd");
  }

  /**
   * One worker with global-norm clipping and weight decay is one machine with them: the clipping
   * listener and the decay travel to the engine's replicas.
   */
  @Test
  void clippingAndWeightDecayReachTheEnginesReplicas() {
    OptimizerSpec spec = spec(OptimizerSpec.Type.ADAM, new ClipSpec(ClipSpec.Mode.GLOBAL_NORM,
        0.05), 0.3);
    List<Example> data = SyntheticData.blobs(48, 41);
    MultiLayerNetwork reference = network(spec);
    for (int from = 0; from < data.size(); from += BATCH) {
      reference.fit(batch(data.subList(from, from + BATCH)));
    }
    MultiLayerNetwork trained = trainOnEngine(spec, data, 1, BATCH, 3);
    MultiLayerNetwork plain = trainOnEngine(spec(OptimizerSpec.Type.ADAM, ClipSpec.none(), 0),
        data, 1, BATCH, 3);

    assertClose(reference.params().toFloatVector(), trained.params().toFloatVector(), 1e-5f,
        "clipped adamw");
    assertTrue(maxDifference(plain.params().toFloatVector(), trained.params().toFloatVector())
        > 1e-3, "clipping and decay must change the result, or this test is blind");
  }

  private static OptimizerSpec spec(OptimizerSpec.Type type, ClipSpec clip, double decay) {
    OptimizerSpec d = OptimizerSpec.defaults(type);
    double lr = type == OptimizerSpec.Type.SGD ? 0.2 : 0.02;
    return new OptimizerSpec(type, lr, 0.9, 0.9, 0.99, d.epsilon(), ScheduleSpec.constant(), 0.9,
        d.rho(), decay, clip);
  }

  private static MultiLayerNetwork network(OptimizerSpec spec) {
    LayerSpec hidden = new LayerSpec(LayerSpec.LayerType.DENSE, 10, null, null, null, null, null,
        LayerSpec.Activation.TANH, null, null, null, null, null);
    MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configuration(
        ModelSpec.of(List.of(hidden, LayerSpec.output(CLASSES))), spec, 7,
        InputShape.flat(FEATURES)));
    network.init();
    OptimizerRules.install(network, spec);
    return network;
  }

  private static MultiLayerNetwork trainOnEngine(OptimizerSpec spec, List<Example> data,
      int workers, int batch, int frequency) {
    EngineOptions options = new EngineOptions(batch, frequency, CLASSES, 7, false);
    try (BarrierEngine engine =
        new BarrierEngine(sc, sc.parallelize(data, workers), network(spec), options)) {
      engine.trainEpoch(0, RoundListener.NONE);
      return engine.model();
    }
  }

  /** What happens to the updater state at each averaging. */
  private enum StateRule { AVERAGE, RESET, KEEP_PER_WORKER }

  /**
   * Two replicas on the two halves of {@code data}, each {@code frequency} steps per round, then
   * their parameters averaged and their state treated as {@code rule} says.
   */
  private static float[][] byHand(OptimizerSpec spec, List<Example> data, int frequency,
      StateRule rule) {
    int half = data.size() / 2;
    MultiLayerNetwork[] replicas = {network(spec), network(spec)};
    // Each replica steps as the engine's do (its fused step and own dense pass where they cover
    // the network), so that only the averaging is under test here: how far that step may be from
    // fit()'s is FusedStepTest's and DensePassTest's question, and AdaMod's bounds amplify it.
    List<Consumer<DataSet>> steps = new ArrayList<>();
    for (MultiLayerNetwork replica : replicas) {
      FusedStep fused = FusedStep.unsupported(replica).isEmpty()
          ? FusedStep.of(replica, true) : null;
      steps.add(fused == null ? replica::fit : b -> fused.step(b.getFeatures(), b.getLabels()));
    }
    for (int from = 0; from < half; from += BATCH * frequency) {
      for (int w = 0; w < 2; w++) {
        for (int step = from; step < from + BATCH * frequency; step += BATCH) {
          steps.get(w).accept(batch(data.subList(w * half + step, w * half + step + BATCH)));
        }
      }
      INDArray params = replicas[0].params().add(replicas[1].params()).divi(2);
      INDArray state = stateView(replicas[0]).add(stateView(replicas[1])).divi(2);
      for (MultiLayerNetwork replica : replicas) {
        replica.setParams(params.dup());
        if (rule == StateRule.AVERAGE) {
          stateView(replica).assign(state);
        } else if (rule == StateRule.RESET) {
          stateView(replica).assign(0);
        }
      }
    }
    return new float[][] {replicas[0].params().toFloatVector(), state(replicas[0])};
  }

  private static INDArray stateView(MultiLayerNetwork network) {
    return network.getUpdater().getStateViewArray();
  }

  private static float[] state(MultiLayerNetwork network) {
    INDArray view = stateView(network);
    return view == null ? new float[0] : view.toFloatVector();
  }

  private static DataSet batch(List<Example> examples) {
    INDArray x = Nd4j.create(examples.size(), FEATURES);
    INDArray y = Nd4j.zeros(examples.size(), CLASSES);
    for (int r = 0; r < examples.size(); r++) {
      x.putRow(r, Nd4j.createFromArray(examples.get(r).features()));
      y.putScalar(r, examples.get(r).label(), 1);
    }
    return new DataSet(x, y);
  }

  private static void assertClose(float[] expected, float[] actual, float tolerance,
      String what) {
    assertTrue(expected.length == actual.length && expected.length > 0,
        what + ": sizes differ: " + expected.length + " vs " + actual.length);
    float worst = maxDifference(expected, actual);
    assertTrue(worst <= tolerance, what + ": max difference " + worst + " > " + tolerance);
  }

  private static float maxDifference(float[] a, float[] b) {
    float worst = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return a.length == b.length ? worst : Float.POSITIVE_INFINITY;
  }
}
