package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.spec.OptimizerSpec;
import io.sparktrain.spec.YamlNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every spec of {@code conf/optimizers/} as shipped, one per optimizer plus the AdamW/cosine
 * example: all of them in one launcher run (one multi-document spec, one JVM), 2 workers on the
 * real 8x8 digits, 6 epochs of 36 steps per worker. Each must reach its stated validation
 * accuracy; a rule with a wrong sign, a lost state or a diverging step lands far below (10 % is
 * chance). The floors sit about three points under what the runs measure (seed 42, bit for bit
 * repeatable): see docs/optimizers.md.
 */
class OptimizersIT {

  /** Validation accuracy after the last epoch, at least. */
  private static final Map<String, Double> FLOORS = floors();

  @TempDir Path work;

  private static Map<String, Double> floors() {
    Map<String, Double> floors = new LinkedHashMap<>();
    floors.put("sgd", 0.88);
    floors.put("momentum", 0.92);
    floors.put("nesterov", 0.92);
    floors.put("adam", 0.92);
    floors.put("adagrad", 0.91);
    floors.put("adadelta", 0.90);
    floors.put("rmsprop", 0.88);
    floors.put("adamax", 0.91);
    floors.put("nadam", 0.92);
    floors.put("amsgrad", 0.92);
    floors.put("adabelief", 0.92);
    floors.put("adamod", 0.90);
    floors.put("adamw-cosine", 0.91);
    return floors;
  }

  @Test
  void everyOptimizerSpecReachesItsValidationFloor() throws Exception {
    for (OptimizerSpec.Type type : OptimizerSpec.Type.values()) {
      assertTrue(FLOORS.containsKey(YamlNames.of(type)), "no spec in the table for " + type);
    }
    List<String> documents = new ArrayList<>();
    for (String name : FLOORS.keySet()) {
      documents.add(Files.readString(Launcher.HOME.resolve("conf/optimizers/" + name + ".yaml")));
    }
    Path all = Files.writeString(work.resolve("optimizers.yaml"),
        String.join("---\n", documents));
    long start = System.nanoTime();

    Launcher.Result result = Launcher.run("train", all.toString(), "--runs-dir",
        work.resolve("runs").toString());

    assertEquals(0, result.code(), result.output());
    StringBuilder table = new StringBuilder();
    for (Map.Entry<String, Double> floor : FLOORS.entrySet()) {
      Path run = Launcher.onlyRun(work.resolve("runs/optimizer-" + floor.getKey()));
      List<String> epochs = Files.readAllLines(run.resolve("metrics.jsonl"));
      assertEquals(6, epochs.size(), floor.getKey());
      JsonNode last = new ObjectMapper().readTree(epochs.get(epochs.size() - 1));
      double accuracy = last.get("validationAccuracy").asDouble();
      table.append(String.format("%-13s %.4f (floor %.2f)%n", floor.getKey(), accuracy,
          floor.getValue()));
      assertTrue(accuracy >= floor.getValue(), floor.getKey() + ": validation accuracy "
          + accuracy + " below its floor " + floor.getValue() + "\n" + table);
    }
    System.out.printf("OptimizersIT: %d jobs in %.0f s%n%s", FLOORS.size(),
        (System.nanoTime() - start) / 1e9, table);
  }
}
