package io.sparktrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Specs built in code (not read from YAML) check their own invariants: an out-of-range or
 * contradictory value throws a {@link SpecException} naming the field by its YAML path, the
 * section in the message and the key in the problem line, as the readers report it.
 */
class SpecRecordChecksTest {

  private static final DataSpec IRIS = DataSpec.defaults("iris");

  /** The single problem {@code build} throws, asserted to be {@code line} under {@code section}. */
  private static void rejects(String section, String line, Executable build) {
    SpecException e = assertThrows(SpecException.class, build);
    assertEquals(List.of(line), e.problems());
    assertTrue(e.getMessage().startsWith("invalid spec " + section + ":"), e.getMessage());
    assertEquals(2, e.exitCode());
  }

  @Test
  void dataSpecRejectsFractionsLeavingNoTrainingExamples() {
    rejects("data", "testFraction: validationFraction + testFraction must be < 1, found 0.6 + 0.5",
        () -> new DataSpec("iris", null, null, -1, false, 0.6, 0.5, DataSpec.Scaling.UNIT, 42,
            null));
    rejects("data", "validationFraction: must be in [0, 1), found 1",
        () -> new DataSpec("iris", null, null, -1, false, 1.0, 0.0, DataSpec.Scaling.UNIT, 42,
            null));
    rejects("data", "limit: must be >= 1, found 0",
        () -> new DataSpec("iris", null, null, -1, false, 0.2, 0.2, DataSpec.Scaling.UNIT, 42, 0));
    rejects("data", "classes: must list at least 2 distinct labels, each >= 0, found [3, 3]",
        () -> new DataSpec("iris", null, null, -1, false, 0.2, 0.2, DataSpec.Scaling.UNIT, 42,
            null, List.of(3, 3), null, DataSpec.Target.LABEL));
    rejects("data", "scaling: " + DataSpec.TEXT_SCALING_RULE,
        () -> new DataSpec(DataSpec.TEXT_SOURCES.get(0), null, null, -1, false, 0.2, 0.2,
            DataSpec.Scaling.UNIT, 42, null, null, null, DataSpec.Target.LABEL, null, 200));
  }

  @Test
  void modelSpecRejectsNegativePenaltiesAndMisplacedLayers() {
    List<LayerSpec> layers = List.of(LayerSpec.dense(8), LayerSpec.output(3));
    rejects("model", "l2: must be >= 0, found -0.1",
        () -> new ModelSpec(layers, ModelSpec.DEFAULT_WEIGHT_INIT, 0, -0.1));
    rejects("model", "layers[1]: the last layer must be of type 'output'",
        () -> ModelSpec.of(List.of(LayerSpec.dense(8), LayerSpec.dense(3))));
    // The output layer above also stands before the last one: both reported.
    SpecException both = assertThrows(SpecException.class,
        () -> ModelSpec.of(List.of(LayerSpec.output(3), LayerSpec.dense(8))));
    assertEquals(List.of("layers[0]: an 'output' layer must be the last layer",
        "layers[1]: the last layer must be of type 'output'"), both.problems());
  }

  @Test
  void optimizerSpecRejectsOutOfRangeKeysOfItsTypeAndScheduleRatesAgainstItsOwn() {
    rejects("optimizer", "beta2: must be in [0, 1), found 1",
        () -> new OptimizerSpec(OptimizerSpec.Type.ADAM, 1e-3, 0.9, 0.9, 1.0, 1e-8,
            ScheduleSpec.constant()));
    rejects("optimizer", "learningRate: must be > 0, found 0",
        () -> OptimizerSpec.defaults(OptimizerSpec.Type.SGD).withLearningRate(0));
    // sgd reads no epsilon: a value it never reads is no problem.
    new OptimizerSpec(OptimizerSpec.Type.SGD, 0.1, 0.9, 0.9, 0.999, 0, ScheduleSpec.constant());
    ScheduleSpec cosine = new ScheduleSpec(ScheduleSpec.Type.COSINE, 1, 1, ScheduleSpec.Per.EPOCH,
        1, 10, 1, 0.01, 0, 0);
    rejects("optimizer",
        "schedule.minLearningRate: must be < optimizer.learningRate (0.001), found 0.01",
        () -> new OptimizerSpec(OptimizerSpec.Type.ADAM, 1e-3, 0.9, 0.9, 0.999, 1e-8, cosine));
  }

  @Test
  void scheduleSpecRejectsOutOfRangeKeysOfItsShape() {
    rejects("optimizer.schedule", "decayRate: must be in (0, 1], found 1.5",
        () -> new ScheduleSpec(ScheduleSpec.Type.STEP, 1.5, 10, ScheduleSpec.Per.EPOCH));
    rejects("optimizer.schedule", "maxLearningRate: must be > 0, found 0",
        () -> new ScheduleSpec(ScheduleSpec.Type.CYCLICAL, 1, 10, ScheduleSpec.Per.EPOCH));
    rejects("optimizer.schedule", "warmup: must be >= 0, found -1",
        () -> new ScheduleSpec(ScheduleSpec.Type.CONSTANT, 1, 1, ScheduleSpec.Per.EPOCH, 1, 1, 1,
            0, 0, -1));
    // inverse decays by gamma > 0, which may exceed 1.
    assertEquals(2.0,
        new ScheduleSpec(ScheduleSpec.Type.INVERSE, 2, 1, ScheduleSpec.Per.EPOCH).decayRate());
  }

  @Test
  void clipSpecRejectsANonPositiveThresholdUnderItsYamlKey() {
    rejects("optimizer.clip", "value: must be > 0, found 0",
        () -> new ClipSpec(ClipSpec.Mode.VALUE, 0));
    rejects("optimizer.clip", "globalNorm: must be > 0, found -2",
        () -> new ClipSpec(ClipSpec.Mode.GLOBAL_NORM, -2));
    assertEquals(ClipSpec.Mode.NONE, ClipSpec.none().mode());
  }

  @Test
  void defaultsOfEveryTypeAndSourcePassTheirOwnChecks() {
    for (OptimizerSpec.Type type : OptimizerSpec.Type.values()) {
      assertEquals(type, OptimizerSpec.defaults(type).type());
    }
    for (String source : DataSpec.REGISTERED_SOURCES) {
      assertEquals(source, DataSpec.defaults(source).source());
    }
    assertEquals("iris", IRIS.source());
  }
}
