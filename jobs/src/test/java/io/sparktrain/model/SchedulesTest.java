package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparktrain.spec.ClipSpec;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.ScheduleSpec;
import io.sparktrain.spec.ScheduleSpec.Per;
import io.sparktrain.spec.ScheduleSpec.Type;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Each learning-rate schedule at chosen steps against its formula written out here, and every
 * schedule through DL4J's JSON (what model.zip and the engine's replicas read) unchanged.
 */
class SchedulesTest {

  private static final double LR = 0.1;
  private static final int[] STEPS = {0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 17, 30, 70};

  private static ScheduleSpec spec(Type type, double decayRate, int step, double power,
      int period, int multiplier, double min, double max, int warmup) {
    return new ScheduleSpec(type, decayRate, step, Per.ITERATION, power, period, multiplier, min,
        max, warmup);
  }

  @Test
  void constantWithoutWarmupIsNoSchedule() {
    assertNull(UpdaterFactory.schedule(ScheduleSpec.constant(), LR));
  }

  @Test
  void theFourEarlierShapesKeepTheirFormulas() {
    assertValues(new ScheduleSpec(Type.STEP, 0.5, 3, Per.ITERATION),
        t -> LR * Math.pow(0.5, Math.floor(t / 3.0)));
    assertValues(new ScheduleSpec(Type.EXPONENTIAL, 0.9, 1, Per.ITERATION),
        t -> LR * Math.pow(0.9, t));
    assertValues(new ScheduleSpec(Type.INVERSE, 0.25, 1, Per.ITERATION),
        t -> LR / (1 + 0.25 * t));
  }

  @Test
  void polynomialDecaysToItsFloorAndStaysThere() {
    assertValues(spec(Type.POLYNOMIAL, 1, 1, 2.0, 10, 1, 0.01, 0, 0),
        t -> t >= 10 ? 0.01 : 0.01 + (LR - 0.01) * Math.pow(1 - t / 10.0, 2));
    // power 0.5 past the end: DL4J's PolySchedule would give NaN here.
    assertEquals(0.0, UpdaterFactory.schedule(spec(Type.POLYNOMIAL, 1, 1, 0.5, 4, 1, 0, 0, 0),
        LR).valueAt(9, 0), 1e-15);
  }

  @Test
  void cosineRestartsAtTheEndOfEachLongerCycle() {
    // Cycles of 4, 8, 16 steps starting at t = 0, 4, 12, 28 (Loshchilov and Hutter's T_mult = 2).
    assertValues(spec(Type.COSINE, 1, 1, 1, 4, 2, 0.001, 0, 0), t -> {
      int start = t < 4 ? 0 : t < 12 ? 4 : t < 28 ? 12 : t < 60 ? 28 : 60;
      int length = t < 4 ? 4 : t < 12 ? 8 : t < 28 ? 16 : t < 60 ? 32 : 64;
      return 0.001 + (LR - 0.001) * (1 + Math.cos(Math.PI * (t - start) / length)) / 2;
    });
    assertValues(spec(Type.COSINE, 1, 1, 1, 5, 1, 0, 0, 0),
        t -> LR * (1 + Math.cos(Math.PI * (t % 5) / 5)) / 2);
  }

  @Test
  void cyclicalClimbsToItsTopAndBackEveryTwoSteps() {
    assertValues(spec(Type.CYCLICAL, 1, 4, 1, 1, 1, 0, 0.5, 0), t -> {
      double cycle = Math.floor(1 + t / 8.0);
      double x = Math.abs(t / 4.0 - 2 * cycle + 1);
      return LR + (0.5 - LR) * Math.max(0, 1 - x);
    });
    ISchedule triangle = UpdaterFactory.schedule(spec(Type.CYCLICAL, 1, 4, 1, 1, 1, 0, 0.5, 0),
        LR);
    assertEquals(0.5, triangle.valueAt(4, 0), 1e-15);
    assertEquals(LR, triangle.valueAt(8, 0), 1e-15);
  }

  @Test
  void warmupRampsLinearlyThenStartsTheScheduleFromItsBeginning() {
    assertValues(spec(Type.CONSTANT, 1, 1, 1, 1, 1, 0, 0, 4), t -> t < 4 ? LR * (t + 1) / 4 : LR);
    assertValues(spec(Type.EXPONENTIAL, 0.9, 1, 1, 1, 1, 0, 0, 3),
        t -> t < 3 ? LR * (t + 1) / 3 : LR * Math.pow(0.9, t - 3));
  }

  @Test
  void epochSchedulesCountEpochsNotIterations() {
    ISchedule perEpoch = UpdaterFactory.schedule(new ScheduleSpec(Type.COSINE, 1, 1, Per.EPOCH,
        1, 10, 1, 0, 0, 2), LR);
    // Warm-up epochs 0 and 1, then a 10-epoch cosine from epoch 2, whatever the iteration.
    assertEquals(LR / 2, perEpoch.valueAt(500, 0), 1e-15);
    assertEquals(LR, perEpoch.valueAt(900, 2), 1e-15);
    assertEquals(LR / 2, perEpoch.valueAt(7, 7), 1e-12);
  }

  @Test
  void everyScheduleSurvivesDl4jsJsonOnItsUpdater() {
    List<ScheduleSpec> schedules = List.of(new ScheduleSpec(Type.STEP, 0.5, 3, Per.EPOCH),
        spec(Type.POLYNOMIAL, 1, 1, 2, 10, 1, 0.01, 0, 0),
        spec(Type.COSINE, 1, 1, 1, 4, 2, 0.001, 0, 5),
        spec(Type.CYCLICAL, 1, 4, 1, 1, 1, 0, 0.5, 2));
    for (ScheduleSpec schedule : schedules) {
      for (OptimizerSpec.Type type : List.of(OptimizerSpec.Type.ADAM, OptimizerSpec.Type.ADAMOD)) {
        OptimizerSpec optimizer = new OptimizerSpec(type, LR, 0.9, 0.9, 0.999, 1e-8, schedule,
            0.999, 0.9, 0, ClipSpec.none());
        MultiLayerConfiguration conf = TinyNetworks.configuration(optimizer);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        BaseLayer before = (BaseLayer) conf.getConf(0).getLayer();
        BaseLayer after = (BaseLayer) back.getConf(0).getLayer();
        assertEquals(before.getIUpdater(), after.getIUpdater(), schedule + " " + type);
        for (int t : STEPS) {
          assertEquals(before.getIUpdater().getLearningRate(t, t),
              after.getIUpdater().getLearningRate(t, t), 0.0);
        }
      }
    }
  }

  private static void assertValues(ScheduleSpec spec, IntToDoubleFunction formula) {
    ISchedule schedule = UpdaterFactory.schedule(spec, LR);
    for (int t : STEPS) {
      assertEquals(formula.applyAsDouble(t), schedule.valueAt(t, 0), 1e-12, spec + " at " + t);
    }
  }
}
